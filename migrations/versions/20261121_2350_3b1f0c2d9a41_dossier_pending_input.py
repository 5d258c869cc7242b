"""Dossier pending input: typed values a step could not save yet, kept by step.

Revision ID: 3b1f0c2d9a41
Revises: 8d8bc816debb
Create Date: 2026-11-21 23:50:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '3b1f0c2d9a41'
down_revision = '8d8bc816debb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'pending',
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
            nullable=False,
            server_default=sa.text("'{}'"),
        ))


def downgrade():
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('pending')
