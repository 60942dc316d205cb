/** Request and response bodies of admin-api (login, failure status, saved views, settings, API keys, DLQ, pattern runs). */
package com.convosensei.contracts.admin;
