"""Prevention strategy pick-list: the national strategy's axes and the year's FIPD
priorities, which the advisers maintain (wizard/reference/strategy.py). The rows are
created by the application (`flask parameters seed`, `flask demo seed`, an adviser's first
change), never here.

Revision ID: 25819bf4a022
Revises: ea09d6ced895
Create Date: 2026-12-02 02:52:12.377364

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '25819bf4a022'
down_revision = 'ea09d6ced895'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('strategy_axes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('national-axis', 'fipd-priority', name='strategykind', native_enum=False, length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_title', sa.String(length=300), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'second-hand', 'to-confirm', name='sourcestatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_strategy_axes')),
    sa.UniqueConstraint('code', name=op.f('uq_strategy_axes_code'))
    )


def downgrade():
    op.drop_table('strategy_axes')
