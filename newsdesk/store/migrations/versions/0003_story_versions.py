"""story versions: fact sheets and drafts per state of a story

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('story_versions',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('input_hash', sa.String(length=40), nullable=False),
    sa.Column('writer', sa.String(length=32), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('drafts', sa.Text(), nullable=False),
    sa.Column('seconds', sa.Float(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_versions_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'version', name=op.f('pk_story_versions'))
    )


def downgrade() -> None:
    op.drop_table('story_versions')
