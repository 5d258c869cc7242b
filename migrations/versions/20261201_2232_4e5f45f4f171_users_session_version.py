"""Users session version: logout, a new password or deactivation end every session.

Adds ``users.session_version`` (0 for existing accounts). Flask-Login's session user id
becomes "id:version" (``User.get_id``) and the loader refuses a stale version, so bumping
it ends every session and copied cookie of the account. Sessions opened before this
revision carry the bare id and are refused once: users log in again. Downgrade drops the
column (sessions then carry an id the old loader cannot read: log in again).

Revision ID: 4e5f45f4f171
Revises: 5e1c2a7b9d10
Create Date: 2026-12-01 22:32:20

"""
from alembic import op
import sqlalchemy as sa


revision = '4e5f45f4f171'
down_revision = '5e1c2a7b9d10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'session_version', sa.Integer(), server_default=sa.text('0'), nullable=False,
        ))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
