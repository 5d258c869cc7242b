"""Dossier budget scenarios: an alternative intervention (scenario B) beside the document's.

Revision ID: 2b55bac4d394
Revises: cc7c8c7a3032
Create Date: 2026-11-22 00:10:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '2b55bac4d394'
down_revision = 'cc7c8c7a3032'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'scenarios',
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
            nullable=False,
            server_default=sa.text("'{}'"),
        ))


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('scenarios')
