"""Snapshots remember the parameter set their round was costed with.

Revision ID: 5e1c2a7b9d10
Revises: ae293a1baaf9
Create Date: 2026-12-01 22:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '5e1c2a7b9d10'
down_revision = 'ae293a1baaf9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parameter_set_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_snapshots_parameter_set_id_parameter_sets'), 'parameter_sets',
            ['parameter_set_id'], ['id'])
    # rounds taken before this revision: the set their dossier is pinned to now
    op.execute(
        "UPDATE snapshots SET parameter_set_id = (SELECT dossiers.parameter_set_id FROM "
        "dossiers WHERE dossiers.id = snapshots.dossier_id)"
    )


def downgrade():
    with op.batch_alter_table('snapshots', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_snapshots_parameter_set_id_parameter_sets'), type_='foreignkey')
        batch_op.drop_column('parameter_set_id')
