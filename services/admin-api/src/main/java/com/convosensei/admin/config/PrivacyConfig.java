package com.convosensei.admin.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Erasure ({@code sensei.privacy.*}). */
@ConfigMapping(prefix = "sensei.privacy")
public interface PrivacyConfig {

    /** Key of the HMACs erasure leaves behind ({@code SENSEI_PRIVACY_SECRET}); the processor must share it. */
    String hashSecret();

    /** Conversations deleted per transaction when erasing a user (each batch holds its locks briefly). */
    @WithDefault("200")
    int erasureBatchSize();
}
