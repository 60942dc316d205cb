/** The ingestion API's limits (libs/contracts Limits.java); the SDK shapes its batches to stay within them. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_MESSAGE_CONTENT_BYTES = 32 * 1024;
export const MAX_MESSAGES_PER_ITEM = 500;
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_BATCH_CONVERSATIONS = 100;
export const MAX_CONVERSATION_ID_LENGTH = 256;
export const MAX_ENVIRONMENT_LENGTH = 64;
export const MAX_USER_ID_LENGTH = 256;
export const MAX_MESSAGE_ID_LENGTH = 256;
/** Browsers allow at most 64 KiB of keepalive request bodies in flight; leave room for headers. */
export const KEEPALIVE_BODY_BYTES = 60 * 1024;
export const BATCH_PATH = '/api/v1/conversations/track/batch';
/** Feedback (FeedbackRequest.java): batch of at most MAX_BATCH_CONVERSATIONS items. */
export const FEEDBACK_BATCH_PATH = '/api/v1/feedback/batch';
export const MAX_FEEDBACK_COMMENT_LENGTH = 4000;
export const FEEDBACK_KINDS: ReadonlySet<string> = new Set(['thumbs', 'rating']);
export const ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system', 'tool']);
