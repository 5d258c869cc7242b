"""Dossier pending input (typed values a step could not save yet) and communes.parent_id index.

Revision ID: 3b1f0c2d9a41
Revises: 8d8bc816debb
Create Date: 2026-11-21 23:50:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '3b1f0c2d9a41'
down_revision = '8d8bc816debb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'pending',
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
            nullable=False,
            server_default=sa.text("'{}'"),
        ))
    # deleting or re-parenting communes must not scan 37 000 rows per row
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.create_index('ix_communes_parent_id', ['parent_id'], unique=False)


def downgrade():
    with op.batch_alter_table('communes', schema=None) as batch_op:
        batch_op.drop_index('ix_communes_parent_id')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('pending')
