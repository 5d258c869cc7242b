"""QPV reference list: the quartiers prioritaires and the communes each lies in.

Filled by `flask --app wizard qpv import FILE` (the ANCT national list); the dossier
documents hold QPV codes, so nothing else refers to these tables.

Revision ID: 98c32c5edffe
Revises: 6ae2276cf524
Create Date: 2026-12-02 02:06:35.273232

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '98c32c5edffe'
down_revision = '6ae2276cf524'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('qpvs',
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_qpvs'))
    )
    op.create_table('qpv_communes',
    sa.Column('qpv_code', sa.String(length=10), nullable=False),
    sa.Column('insee_code', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['qpv_code'], ['qpvs.code'], name=op.f('fk_qpv_communes_qpv_code_qpvs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('qpv_code', 'insee_code', name=op.f('pk_qpv_communes'))
    )
    with op.batch_alter_table('qpv_communes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qpv_communes_insee_code'), ['insee_code'], unique=False)



def downgrade():
    with op.batch_alter_table('qpv_communes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qpv_communes_insee_code'))

    op.drop_table('qpv_communes')
    op.drop_table('qpvs')
