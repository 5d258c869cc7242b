"""Reference parameter sets (published by advisers, never changed) and dossier pinning.

Each dossier keeps the set it is costed with (`dossiers.parameter_set_id`, nullable: the
costing falls back to the built-in defaults). The first set, « 2026-v1 », is created by
the idempotent `flask --app wizard parameters seed` (also run by `flask demo seed`).

Revision ID: 8f757c3a064e
Revises: 3b1f0c2d9a41
Create Date: 2026-11-21 23:55:00

"""
from alembic import op
import sqlalchemy as sa

revision = '8f757c3a064e'
down_revision = '3b1f0c2d9a41'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('parameter_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_parameter_sets_published_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parameter_sets')),
    sa.UniqueConstraint('label', name=op.f('uq_parameter_sets_label'))
    )
    op.create_table('reference_parameters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.String(length=50), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('source_title', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['parameter_sets.id'], name=op.f('fk_reference_parameters_set_id_parameter_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_parameters')),
    sa.UniqueConstraint('set_id', 'key', name=op.f('uq_reference_parameters_set_id'))
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parameter_set_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossiers_parameter_set_id'), ['parameter_set_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dossiers_parameter_set_id_parameter_sets'), 'parameter_sets', ['parameter_set_id'], ['id'])



def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossiers_parameter_set_id_parameter_sets'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dossiers_parameter_set_id'))
        batch_op.drop_column('parameter_set_id')

    op.drop_table('reference_parameters')
    op.drop_table('parameter_sets')
