"""Proposed amounts: what the instructing agent proposes to the committee per dossier,
scheme and project year, before the decision (`proposals`; internal to the prefecture).

Revision ID: b7c41f2e9d30
Revises: e66942eb24a6
Create Date: 2026-12-02 05:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c41f2e9d30'
down_revision = 'e66942eb24a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('scheme', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('requested', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('proposed', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_proposals_dossier_id_dossiers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_proposals_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('dossier_id', 'scheme', 'year', name='uq_proposals_dossier_scheme_year')
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_dossier_id'), ['dossier_id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_dossier_id'))

    op.drop_table('proposals')
