"""stories: features cache, stories, membership, links, locks

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('article_features',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('entities', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_article_features'))
    )
    op.create_table('locks',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('until', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_locks'))
    )
    op.create_table('stories',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('article_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('source_count', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index('ix_stories_last_at', ['last_at'], unique=False)

    op.create_table('story_links',
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('related_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['related_id'], ['stories.id'], name=op.f('fk_story_links_related_id_stories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_links_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('story_id', 'related_id', name=op.f('pk_story_links'))
    )
    with op.batch_alter_table('story_links', schema=None) as batch_op:
        batch_op.create_index('ix_story_links_related_id', ['related_id'], unique=False)

    op.create_table('story_articles',
    sa.Column('article_id', sa.String(length=32), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_story_articles_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_articles_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', name=op.f('pk_story_articles'))
    )
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.create_index('ix_story_articles_story_id', ['story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.drop_index('ix_story_articles_story_id')

    op.drop_table('story_articles')
    with op.batch_alter_table('story_links', schema=None) as batch_op:
        batch_op.drop_index('ix_story_links_related_id')

    op.drop_table('story_links')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index('ix_stories_last_at')

    op.drop_table('stories')
    op.drop_table('locks')
    op.drop_table('article_features')
