/** Records carried inside Redis stream entries (JSON in the {@code payload} field, snake_case). */
package com.convosensei.contracts.stream;
