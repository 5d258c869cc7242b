"""Attachments and the transmission bundle.

``attachments``: a dossier's supporting documents (pièces justificatives), their bytes in
the database (deferred by the model). ``transmissions`` gains the ZIP bundle (PDF, JSON,
attachments, manifest), its SHA-256 and size, and the manifest as JSON; transmissions made
before keep NULL there (no bundle).

Revision ID: 184f692465f2
Revises: 9656845ac069
Create Date: 2026-12-02 02:05:17.376537

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '184f692465f2'
down_revision = '9656845ac069'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=160), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_attachments_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index('ix_attachments_dossier_kind', ['dossier_id', 'kind'], unique=False)

    with op.batch_alter_table('transmissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bundle', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('bundle_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('bundle_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('manifest', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True))



def downgrade():
    with op.batch_alter_table('transmissions', schema=None) as batch_op:
        batch_op.drop_column('manifest')
        batch_op.drop_column('bundle_size')
        batch_op.drop_column('bundle_sha256')
        batch_op.drop_column('bundle')

    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_dossier_kind')

    op.drop_table('attachments')
