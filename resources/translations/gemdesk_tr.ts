<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name></name>
    <message>
        <source>Could not reach the server. Check the network and the endpoint address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing models failed unexpectedly ({name}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit reached; wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused this API key. Check that it was copied completely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took too long to answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This API key is not allowed to list models.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>A desktop assistant for Google&apos;s Gemini Interactions API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentArea</name>
    <message>
        <source>Attachment problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Attachment {name}, {size}</source>
        <extracomment>A validator returns a human sentence explaining the refusal, or None when the file is fine.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload progress of {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask Gemini…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message composer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted image could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{name}” is no longer on disk and was dropped from the draft.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationController</name>
    <message>
        <source>An answer is still being written in this conversation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong while answering. Your message is kept; try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>New chat</source>
        <extracomment>Drag payload between the conversation list and the folder list. ``fetch_page(offset, limit)`` -&gt; that page of conversations, in display order. ``rename(conversation_id, title)`` -&gt; the renamed conversation (inline edit, F2).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}
Last activity {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}, pinned</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationSettingsPanel</name>
    <message numerus="yes">
        <source>%n model(s), list from {when}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an API key to load the model list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M&amp;ode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model list status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline? Showing the model list from {when}. ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: how the model should behave in this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ystem instruction:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateful (server keeps history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateful chains turns on the server with previous_interaction_id. Stateless sends the whole history each turn with store=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateless (nothing stored on the server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list could not be loaded: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model list has not been loaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details were saved in {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk — unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside Gemdesk. Your conversations are saved; you can keep working, but restarting the app is safest.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FallbackTranscript</name>
    <message>
        <source>Gemini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>&amp;Save and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom endpoint address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an http:// or https:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk talks to Google&apos;s Gemini with your own API key. You can create one for free in &lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt; ({url}): sign in, choose “Create API key”, copy it, and paste it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste your API key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the key and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be stored there. Choose “This session only” or a plain-text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a custom &amp;endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a custom endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to get an API key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderList</name>
    <message>
        <source>All conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in a folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GenerationEditor</name>
    <message>
        <source>&amp;Thinking level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A hard cap that includes thinking; the answer stops when it is reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max output t&amp;okens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking s&amp;ummaries:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thinking summaries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyEntry</name>
    <message>
        <source>&amp;Test key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key in a plain-text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available, so the key cannot be stored securely. Keep it for this session only, or explicitly choose a plain-text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste your Gemini API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain-text &amp;file readable only by you (0600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System &amp;keychain (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the API key by listing models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing the key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That does not look like an API key (empty, or it contains spaces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is written unencrypted to a file only your user account can read. Anyone with access to your account or your backups can read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The key works: %n model(s) available.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This &amp;session only (forgotten on exit)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rename conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk — a desktop assistant for the Gemini Interactions API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last answer copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat — Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;revious conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export could not be written: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelCombo</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model that answers; you may also type a model id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>&amp;Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New chats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove saved key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Send with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key ending in {hint} is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key ending in {hint} is saved in a plain-text file ({path}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key ending in {hint} is saved in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ppearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API endpoint address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the window keeps Gemdesk in the system &amp;tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation m&amp;ode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the preferences: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter sends, Enter starts a new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default conversation mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an http:// or https:// address without a query or user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment key notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemini API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get a key from &lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use Google&apos;s servers (or GOOGLE_GEMINI_BASE_URL when it is set). Use a custom address for a proxy or a local emulator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No key is saved in Gemdesk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preference pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefill the quick prompt from the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick prompt starts with the &amp;clipboard text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the saved API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved key status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateful (the server keeps the history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stateless (nothing stored on the server; history resent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable {name} is set, so Gemdesk uses that key. A key saved here is used only when {name} is not set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key file could not be written or removed. Check the permissions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was saved in a plain-text file readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key was saved in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key will be used until Gemdesk quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved key was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain could not store the key. Choose “This session only” or a plain-text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These settings apply to new conversations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to get an API key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickPrompt</name>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk quick prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the quick prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New quick conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new quick conversation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>New chat</source>
        <extracomment>``search(query)`` -&gt; ranked hits; runs in a worker thread.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: {snippet}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Gemdesk is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemdesk keeps running in the system tray. Use Quit in its menu to exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer could not be completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer is ready.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversation actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations sidebar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted {n} conversations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{format}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Answering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last answer: {li} in / {lo} out · Conversation: {ti} in / {to} out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model of this conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token usage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Copy code block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({mime})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Gemdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show window</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_OptionalDouble</name>
    <message>
        <source>Model default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_OptionalInt</name>
    <message>
        <source>Model default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
