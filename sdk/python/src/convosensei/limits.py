"""The ingestion API's limits (libs/contracts ``Limits.java``); the SDK shapes its batches to stay within them."""

MAX_BODY_BYTES = 1024 * 1024
MAX_MESSAGE_CONTENT_BYTES = 32 * 1024
#: per conversation item (``Limits.MAX_MESSAGES_PER_REQUEST``: one item of a batch is one track request)
MAX_MESSAGES_PER_ITEM = 500
MAX_METADATA_BYTES = 16 * 1024
MAX_BATCH_CONVERSATIONS = 100
MAX_BATCH_FEEDBACK = 100
MAX_CONVERSATION_ID_LENGTH = 256
MAX_ENVIRONMENT_LENGTH = 64
MAX_USER_ID_LENGTH = 256
MAX_MESSAGE_ID_LENGTH = 256
#: ``FeedbackRequest.MAX_COMMENT_LENGTH`` (characters)
MAX_COMMENT_LENGTH = 4000
BATCH_PATH = "/api/v1/conversations/track/batch"
FEEDBACK_BATCH_PATH = "/api/v1/feedback/batch"
ROLES = frozenset(("user", "assistant", "system", "tool"))
FEEDBACK_KINDS = frozenset(("thumbs", "rating"))
