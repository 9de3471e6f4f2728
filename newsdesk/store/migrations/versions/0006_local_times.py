"""the writer's local time: the UTC offset a report's publication time was stated in, so
"today" and "yesterday" are read on the day the reporter wrote them

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles') as batch:
        batch.add_column(sa.Column('published_offset', sa.SmallInteger(), nullable=True))
    with op.batch_alter_table('pages') as batch:
        batch.add_column(sa.Column('feed_published_offset', sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('pages') as batch:
        batch.drop_column('feed_published_offset')
    with op.batch_alter_table('articles') as batch:
        batch.drop_column('published_offset')
