"""Login throttle counters: one row per key, counted atomically.

``login_failures`` held one row per failed login, counted with SELECT COUNT(*) before the
password check, so concurrent attempts all read "not locked". It becomes one counter per
key (``key`` primary key, ``failures``, ``window_start``), incremented by a single
INSERT … ON CONFLICT DO UPDATE … RETURNING (wizard/accounts.py). The rows are short-lived
throttling state: upgrade and downgrade drop them (every lock is lifted) and recreate the
table empty in the other shape.

Revision ID: 25c0eb05944f
Revises: 4e5f45f4f171
Create Date: 2026-12-01 22:35:22

"""
from alembic import op
import sqlalchemy as sa


revision = '25c0eb05944f'
down_revision = '4e5f45f4f171'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_key'))
        batch_op.drop_index(batch_op.f('ix_login_failures_at'))
    op.drop_table('login_failures')

    op.create_table(
        'login_failures',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_failures')),
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_login_failures_window_start'), ['window_start'], unique=False
        )


def downgrade():
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_window_start'))
    op.drop_table('login_failures')

    op.create_table(
        'login_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures')),
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_key'), ['key'], unique=False)
