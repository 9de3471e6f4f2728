"""publishing: a card per version (what the front page and feeds show), what changed since the
previous version, the code that wrote it; the story state last examined; feed poll schedules

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('story_versions') as batch:
        batch.add_column(sa.Column('card', sa.Text(), server_default='{}', nullable=False))
        batch.add_column(sa.Column('changes', sa.Text(), server_default='{}', nullable=False))
        batch.add_column(sa.Column('code_version', sa.String(64), server_default='', nullable=False))
    with op.batch_alter_table('stories') as batch:
        batch.add_column(sa.Column('checked_hash', sa.String(40), nullable=True))
    with op.batch_alter_table('feeds') as batch:
        batch.add_column(sa.Column('next_fetch_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('ttl_seconds', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('feeds') as batch:
        batch.drop_column('ttl_seconds')
        batch.drop_column('next_fetch_at')
    with op.batch_alter_table('stories') as batch:
        batch.drop_column('checked_hash')
    with op.batch_alter_table('story_versions') as batch:
        batch.drop_column('code_version')
        batch.drop_column('changes')
        batch.drop_column('card')
