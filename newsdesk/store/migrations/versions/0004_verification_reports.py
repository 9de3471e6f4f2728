"""story versions keep the verifier's report for each style, and whether they may be published

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('story_versions') as batch:
        batch.add_column(sa.Column('reports', sa.Text(), server_default='{}', nullable=False))
        batch.add_column(sa.Column('publishable', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('story_versions') as batch:
        batch.drop_column('publishable')
        batch.drop_column('reports')
