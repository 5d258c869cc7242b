"""Users linked to ProConnect: the provider's stable subject (unique) and when it was linked.

Revision ID: df3b992a81eb
Revises: 98c32c5edffe
Create Date: 2026-12-02 02:46:35.903513

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'df3b992a81eb'
down_revision = '98c32c5edffe'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oidc_subject', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('linked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_oidc_subject'), ['oidc_subject'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_oidc_subject'), type_='unique')
        batch_op.drop_column('linked_at')
        batch_op.drop_column('oidc_subject')
