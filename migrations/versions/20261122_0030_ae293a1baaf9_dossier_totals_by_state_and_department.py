"""Dossier totals by state and department: the dashboard's counts and sums, precomputed.

Creates ``dossier_totals`` (one row per state and department: number of dossiers and sums
of total_cost, commune_share, mediator_fte, NULL counted as 0) and fills it from the
existing dossiers, so an existing database starts exact; `wizard/aggregates.py` keeps it
exact from then on. Downgrade drops the table (it holds nothing that `dossiers` does not).

Revision ID: ae293a1baaf9
Revises: 2b55bac4d394
Create Date: 2026-11-22 00:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'ae293a1baaf9'
down_revision = '2b55bac4d394'
branch_labels = None
depends_on = None

# wizard.models.aggregates.REBUILD_SQL as of this revision (frozen here: migrations never change)
REBUILD_SQL = (
    "INSERT INTO dossier_totals "
    "(state, department, dossiers, total_cost, commune_share, mediator_fte) "
    "SELECT state, COALESCE(department, ''), COUNT(*), COALESCE(SUM(total_cost), 0), "
    "COALESCE(SUM(commune_share), 0), COALESCE(SUM(mediator_fte), 0) "
    "FROM dossiers GROUP BY state, COALESCE(department, '')"
)


def upgrade():
    op.create_table(
        'dossier_totals',
        sa.Column('state', sa.String(length=30), nullable=False),
        sa.Column('department', sa.String(length=3), nullable=False),
        sa.Column('dossiers', sa.Integer(), nullable=False),
        sa.Column('total_cost', sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column('commune_share', sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column('mediator_fte', sa.Numeric(precision=10, scale=2), nullable=False),
        sa.PrimaryKeyConstraint('state', 'department', name=op.f('pk_dossier_totals')),
    )
    # data step: the same INSERT … SELECT … GROUP BY as `flask dossier rebuild-totals`
    op.execute(REBUILD_SQL)


def downgrade():
    op.drop_table('dossier_totals')
