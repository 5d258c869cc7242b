"""Parameter sets: the costing rules their dossiers are costed with.

``parameter_sets.costing_version``: the sets published so far were published for costing
v1 (explicit employer rates, flat adultes-relais aid, premiums on worked hours); they get 1
through the server default so that their dossiers keep their figures. Sets published from
now on are created with 2 by the application (wizard/reference).

Revision ID: 6ae2276cf524
Revises: 184f692465f2
Create Date: 2026-12-02 02:06:44

"""
from alembic import op
import sqlalchemy as sa


revision = '6ae2276cf524'
down_revision = '184f692465f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('parameter_sets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('costing_version', sa.Integer(), server_default='1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('parameter_sets', schema=None) as batch_op:
        batch_op.drop_column('costing_version')
