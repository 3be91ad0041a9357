import type { ConversationDto } from '@kipux/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('conversations')
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text', { nullable: true })
  model: string | null;

  @Column('text', { name: 'system_prompt', nullable: true })
  systemPrompt: string | null;

  @Column('boolean')
  pinned: boolean;

  @Column('boolean')
  archived: boolean;

  @Column('uuid', { name: 'current_leaf_id', nullable: true })
  currentLeafId: string | null;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

export function toConversationDto(conversation: ConversationEntity): ConversationDto {
  return {
    id: conversation.id,
    title: conversation.title,
    model: conversation.model,
    systemPrompt: conversation.systemPrompt,
    pinned: conversation.pinned,
    archived: conversation.archived,
    currentLeafId: conversation.currentLeafId,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}
