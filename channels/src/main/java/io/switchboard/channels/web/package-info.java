/**
 * The web chat channel: an HTML page per app that streams answers over server-sent events. Entry
 * point: {@link io.switchboard.channels.web.WebChatChannel}. The page's script, style sheet and
 * template live in {@code src/main/resources/io/switchboard/channels/web/}.
 */
package io.switchboard.channels.web;
