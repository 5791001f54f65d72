<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>A desktop assistant for Google&apos;s Gemini Interactions API.</source>
        <translation>Google&apos;ın Gemini Interactions API&apos;si için bir masaüstü asistanı.</translation>
    </message>
    <message>
        <source>About Gemdesk</source>
        <translation>Gemdesk hakkında</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Veriler</translation>
    </message>
    <message>
        <source>Gemdesk {version}</source>
        <translation>Gemdesk {version}</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Günlükler</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Günlük klasörünü aç</translation>
    </message>
    <message>
        <source>PySide6</source>
        <translation>PySide6</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ayarlar</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Sürüm</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>Could not reach the Gemini service. Check the network connection.</source>
        <translation>Gemini hizmetine ulaşılamadı. Ağ bağlantınızı denetleyin.</translation>
    </message>
    <message>
        <source>Rate limit or quota reached; try again in {minutes} min.</source>
        <translation>İstek sınırına ya da kotaya ulaşıldı; {minutes} dk sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>Rate limit or quota reached; try again in {seconds} s.</source>
        <translation>İstek sınırına ya da kotaya ulaşıldı; {seconds} sn sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>Rate limit or quota reached; wait a moment and try again.</source>
        <translation>İstek sınırına ya da kotaya ulaşıldı; biraz bekleyip yeniden deneyin.</translation>
    </message>
    <message>
        <source>The API key is missing or not valid. Check it in Preferences.</source>
        <translation>API anahtarı eksik ya da geçersiz. Tercihler bölümünden denetleyin.</translation>
    </message>
    <message>
        <source>The API key is not allowed to do this (or the file no longer exists).</source>
        <translation>API anahtarının bunu yapma izni yok (ya da dosya artık yok).</translation>
    </message>
    <message>
        <source>The Gemini API request failed.</source>
        <translation>Gemini API isteği başarısız oldu.</translation>
    </message>
    <message>
        <source>The Gemini service had a problem; try again shortly.</source>
        <translation>Gemini hizmetinde bir sorun oluştu; birazdan yeniden deneyin.</translation>
    </message>
    <message>
        <source>The Gemini service took too long to answer.</source>
        <translation>Gemini hizmetinin yanıt vermesi çok uzun sürdü.</translation>
    </message>
    <message>
        <source>The answer was cut off and could not be resumed.</source>
        <translation>Yanıt yarıda kesildi ve sürdürülemedi.</translation>
    </message>
    <message>
        <source>The server could not process the uploaded file.</source>
        <translation>Sunucu yüklenen dosyayı işleyemedi.</translation>
    </message>
    <message>
        <source>The server does not know this conversation, model or file (it may have expired).</source>
        <translation>Sunucu bu sohbeti, modeli ya da dosyayı tanımıyor (süresi dolmuş olabilir).</translation>
    </message>
    <message>
        <source>The server rejected the request as invalid.</source>
        <translation>Sunucu isteği geçersiz bularak reddetti.</translation>
    </message>
    <message>
        <source>The server rejected the request: {detail}</source>
        <translation>Sunucu isteği reddetti: {detail}</translation>
    </message>
    <message>
        <source>The server reported a conflict; try again.</source>
        <translation>Sunucu bir çakışma bildirdi; yeniden deneyin.</translation>
    </message>
</context>
<context>
    <name>AttachmentArea</name>
    <message>
        <source>Attachment problem</source>
        <translation>Ek sorunu</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Ekler</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Dismiss the attachment problem</source>
        <translation>Ek sorununu kapat</translation>
    </message>
    <message>
        <source>a folder; attach the files inside it</source>
        <translation>bir klasör; içindeki dosyaları ekleyin</translation>
    </message>
    <message>
        <source>cannot be opened</source>
        <translation>açılamıyor</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>okunamıyor</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>boş dosya</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>dosya bulunamadı</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>normal bir dosya değil</translation>
    </message>
    <message>
        <source>too large: {size} (at most {limit})</source>
        <translation>çok büyük: {size} (en fazla {limit})</translation>
    </message>
    <message>
        <source>unsupported file type</source>
        <translation>desteklenmeyen dosya türü</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
</context>
<context>
    <name>AttachmentChip</name>
    <message>
        <source>Attachment {name}, {size}</source>
        <translation>Ek {name}, {size}</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Önizleme</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Kaldır: {name}</translation>
    </message>
    <message>
        <source>Upload progress of {name}</source>
        <translation>Yükleme ilerlemesi: {name}</translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>{count} bytes</source>
        <translation>{count} bayt</translation>
    </message>
    <message>
        <source>{name} is a folder; attach the files inside it instead.</source>
        <translation>{name} bir klasör; bunun yerine içindeki dosyaları ekleyin.</translation>
    </message>
    <message>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} boş (0 bayt).</translation>
    </message>
    <message>
        <source>{name} is not a regular file.</source>
        <translation>{name} normal bir dosya değil.</translation>
    </message>
    <message>
        <source>{name} is {size}; attachments can be at most {limit}.</source>
        <translation>{name} çok büyük ({size}); ekler en fazla {limit} olabilir.</translation>
    </message>
    <message>
        <source>{name} is {size}; files can be at most {limit}.</source>
        <translation>{name} çok büyük ({size}); dosyalar en fazla {limit} olabilir.</translation>
    </message>
    <message>
        <source>{name}: cannot open the file ({reason}).</source>
        <translation>{name}: dosya açılamıyor ({reason}).</translation>
    </message>
    <message>
        <source>{name}: no such file.</source>
        <translation>{name}: böyle bir dosya yok.</translation>
    </message>
    <message>
        <source>{name}: permission denied (cannot reach the file).</source>
        <translation>{name}: izin reddedildi (dosyaya erişilemiyor).</translation>
    </message>
    <message>
        <source>{name}: permission denied (the file cannot be read).</source>
        <translation>{name}: izin reddedildi (dosya okunamıyor).</translation>
    </message>
    <message>
        <source>{name}: the file cannot be read ({reason}).</source>
        <translation>{name}: dosya okunamıyor ({reason}).</translation>
    </message>
    <message>
        <source>{name}: the file name is not valid UTF-8; rename the file and try again.</source>
        <translation>{name}: dosya adı geçerli bir UTF-8 metni değil; dosyayı yeniden adlandırıp tekrar deneyin.</translation>
    </message>
    <message>
        <source>{name}: unsupported file type (not an image, audio, video, PDF, office document or text file).</source>
        <translation>{name}: desteklenmeyen dosya türü (görüntü, ses, video, PDF, ofis belgesi ya da metin dosyası değil).</translation>
    </message>
    <message>
        <source>{name}: unsupported file type ({mime}).</source>
        <translation>{name}: desteklenmeyen dosya türü ({mime}).</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Ask Gemini…</source>
        <translation>Gemini&apos;ye sorun…</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Dosya ekle</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Ekle…</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>Düzenlemeyi iptal et</translation>
    </message>
    <message>
        <source>Editing your message: sending makes a new branch.</source>
        <translation>Mesajınızı düzenliyorsunuz: gönderdiğinizde yeni bir dal oluşur.</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mesaj</translation>
    </message>
    <message>
        <source>Message composer</source>
        <translation>Mesaj yazma alanı</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Gönder</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Durdur</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>Yanıtı durdur (Esc)</translation>
    </message>
    <message>
        <source>The pasted image could not be saved.</source>
        <translation>Yapıştırılan görüntü kaydedilemedi.</translation>
    </message>
    <message>
        <source>Why sending is not possible</source>
        <translation>Gönderme neden mümkün değil</translation>
    </message>
    <message>
        <source>“{name}” is no longer on disk and was dropped from the draft.</source>
        <translation>“{name}” artık diskte yok ve taslaktan çıkarıldı.</translation>
    </message>
</context>
<context>
    <name>ConversationController</name>
    <message>
        <source>An answer is still being written in this conversation.</source>
        <translation>Bu sohbette hâlâ bir yanıt yazılıyor.</translation>
    </message>
    <message>
        <source>Something went wrong while answering. Your message is kept; try again.</source>
        <translation>Yanıtlanırken bir sorun oluştu. Mesajınız korundu; yeniden deneyin.</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>New chat</source>
        <extracomment>Drag payload between the conversation list and the folder list. ``fetch_page(offset, limit)`` -&gt; that page of conversations, in display order. ``rename(conversation_id, title)`` -&gt; the renamed conversation (inline edit, F2).</extracomment>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>{title}
Last activity {when}</source>
        <translation>{title}
Son etkinlik: {when}</translation>
    </message>
    <message>
        <source>{title}, pinned</source>
        <translation>{title}, sabitlenmiş</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsPanel</name>
    <message numerus="yes">
        <source>%n model(s), list from {when}.</source>
        <translation>
            <numerusform>%n model, liste tarihi: {when}.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Model:</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Hazır ayar:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Yenile</translation>
    </message>
    <message>
        <source>Add an API key to load the model list.</source>
        <translation>Model listesini yüklemek için bir API anahtarı ekleyin.</translation>
    </message>
    <message>
        <source>Conversation mode</source>
        <translation>Sohbet modu</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Sohbet ayarları</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Özel</translation>
    </message>
    <message>
        <source>Loading the model list…</source>
        <translation>Model listesi yükleniyor…</translation>
    </message>
    <message>
        <source>M&amp;ode:</source>
        <translation>M&amp;od:</translation>
    </message>
    <message>
        <source>Model list status</source>
        <translation>Model listesi durumu</translation>
    </message>
    <message>
        <source>Offline? Showing the model list from {when}. ({reason})</source>
        <translation>Çevrim dışı mısınız? Gösterilen model listesinin tarihi: {when}. ({reason})</translation>
    </message>
    <message>
        <source>Optional: how the model should behave in this conversation</source>
        <translation>İsteğe bağlı: modelin bu sohbette nasıl davranması gerektiği</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Hazır ayar</translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation>Model listesini yenile</translation>
    </message>
    <message>
        <source>S&amp;ystem instruction:</source>
        <translation>S&amp;istem talimatı:</translation>
    </message>
    <message>
        <source>Stateful (server keeps history)</source>
        <translation>Durumlu (geçmişi sunucu tutar)</translation>
    </message>
    <message>
        <source>Stateful chains turns on the server with previous_interaction_id. Stateless sends the whole history each turn with store=false.</source>
        <translation>Durumlu mod, previous_interaction_id ile turları sunucuda birbirine bağlar. Durumsuz mod, her turda tüm geçmişi store=false ile gönderir.</translation>
    </message>
    <message>
        <source>Stateless (nothing stored on the server)</source>
        <translation>Durumsuz (sunucuda hiçbir şey saklanmaz)</translation>
    </message>
    <message>
        <source>System instruction</source>
        <translation>Sistem talimatı</translation>
    </message>
    <message>
        <source>The model list could not be loaded: {reason}</source>
        <translation>Model listesi yüklenemedi: {reason}</translation>
    </message>
    <message>
        <source>The model list has not been loaded yet.</source>
        <translation>Model listesi henüz yüklenmedi.</translation>
    </message>
    <message>
        <source>an unknown date</source>
        <translation>bilinmeyen bir tarih</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Copied</source>
        <translation>Kopyalandı</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Ayrıntıları kopyala</translation>
    </message>
    <message>
        <source>Details were saved in {path}</source>
        <translation>Ayrıntılar şuraya kaydedildi: {path}</translation>
    </message>
    <message>
        <source>Gemdesk — unexpected error</source>
        <translation>Gemdesk — beklenmeyen hata</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Günlük klasörünü aç</translation>
    </message>
    <message>
        <source>Something went wrong inside Gemdesk. Your conversations are saved; you can keep working, but restarting the app is safest.</source>
        <translation>Gemdesk içinde bir sorun oluştu. Sohbetleriniz kaydedildi; çalışmaya devam edebilirsiniz, ancak en güvenlisi uygulamayı yeniden başlatmaktır.</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>An answer is still being written in this conversation.</source>
        <translation>Bu sohbette hâlâ bir yanıt yazılıyor.</translation>
    </message>
    <message>
        <source>Conversation {conversation} does not exist.</source>
        <translation>{conversation} numaralı sohbet bulunamadı.</translation>
    </message>
    <message>
        <source>Gemdesk closed before this answer finished. Retry to ask again.</source>
        <translation>Gemdesk bu yanıt tamamlanmadan kapandı. Soruyu yeniden sormak için Yeniden dene düğmesine basın.</translation>
    </message>
    <message>
        <source>Message {message} does not exist.</source>
        <translation>{message} numaralı mesaj bulunamadı.</translation>
    </message>
    <message>
        <source>Message {message} is not in conversation {conversation}.</source>
        <translation>{message} numaralı mesaj {conversation} numaralı sohbette değil.</translation>
    </message>
    <message>
        <source>No API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or save a key in Preferences.</source>
        <translation>API anahtarı yok: GEMINI_API_KEY (ya da GOOGLE_API_KEY) değişkenini tanımlayın veya Tercihler bölümünde bir anahtar kaydedin.</translation>
    </message>
    <message>
        <source>Only an answer can be regenerated or retried.</source>
        <translation>Yalnızca bir yanıt yeniden oluşturulabilir ya da yeniden denenebilir.</translation>
    </message>
    <message>
        <source>Only your own messages can be edited.</source>
        <translation>Yalnızca kendi mesajlarınız düzenlenebilir.</translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation>İstem boş.</translation>
    </message>
    <message>
        <source>The saved copy of {name} is missing; attach the file again.</source>
        <translation>{name} dosyasının kayıtlı kopyası kayıp; dosyayı yeniden ekleyin.</translation>
    </message>
</context>
<context>
    <name>ErrorBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Dismiss the error</source>
        <translation>Hatayı kapat</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Hata mesajı</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Yeniden dene</translation>
    </message>
</context>
<context>
    <name>FirstRunPanel</name>
    <message>
        <source>&amp;Save and start</source>
        <translation>&amp;Kaydet ve başla</translation>
    </message>
    <message>
        <source>Custom endpoint address</source>
        <translation>Özel uç nokta adresi</translation>
    </message>
    <message>
        <source>Endpoint error</source>
        <translation>Uç nokta hatası</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// address.</source>
        <translation>http:// veya https:// ile başlayan bir adres girin.</translation>
    </message>
    <message>
        <source>Gemdesk talks to Google&apos;s Gemini with your own API key. You can create one for free in &lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt; ({url}): sign in, choose “Create API key”, copy it, and paste it below.</source>
        <translation>Gemdesk, Google&apos;ın Gemini modelleriyle sizin kendi API anahtarınızı kullanarak konuşur. &lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt; ({url}) üzerinden ücretsiz bir anahtar oluşturabilirsiniz: oturum açın, “Create API key” (API anahtarı oluştur) seçeneğini seçin, anahtarı kopyalayın ve aşağıya yapıştırın.</translation>
    </message>
    <message>
        <source>Paste your API key first.</source>
        <translation>Önce API anahtarınızı yapıştırın.</translation>
    </message>
    <message>
        <source>Save an API key above to start chatting. Your draft is kept.</source>
        <translation>Sohbete başlamak için yukarıda bir API anahtarı kaydedin. Taslağınız saklanır.</translation>
    </message>
    <message>
        <source>Save the key and start</source>
        <translation>Anahtarı kaydet ve başla</translation>
    </message>
    <message>
        <source>Set up Gemdesk</source>
        <translation>Gemdesk&apos;i kur</translation>
    </message>
    <message>
        <source>The key could not be stored there. Choose “This session only” or a plain-text file.</source>
        <translation>Anahtar oraya kaydedilemedi. “Yalnızca bu oturum” seçeneğini ya da düz metin dosyasını seçin.</translation>
    </message>
    <message>
        <source>Use a custom &amp;endpoint</source>
        <translation>Özel bir &amp;uç nokta kullan</translation>
    </message>
    <message>
        <source>Use a custom endpoint</source>
        <translation>Özel bir uç nokta kullan</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Hoş geldiniz</translation>
    </message>
    <message>
        <source>Welcome to Gemdesk</source>
        <translation>Gemdesk&apos;e hoş geldiniz</translation>
    </message>
    <message>
        <source>Where to get an API key</source>
        <translation>API anahtarı nereden alınır</translation>
    </message>
</context>
<context>
    <name>FolderList</name>
    <message>
        <source>All conversations</source>
        <translation>Tüm sohbetler</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Klasörler</translation>
    </message>
    <message>
        <source>Not in a folder</source>
        <translation>Klasörde olmayanlar</translation>
    </message>
</context>
<context>
    <name>GenerationEditor</name>
    <message>
        <source>&amp;Thinking level:</source>
        <translation>&amp;Düşünme düzeyi:</translation>
    </message>
    <message>
        <source>A hard cap that includes thinking; the answer stops when it is reached.</source>
        <translation>Düşünmeyi de kapsayan kesin bir üst sınır; sınıra ulaşıldığında yanıt kesilir.</translation>
    </message>
    <message>
        <source>Extra high</source>
        <translation>Çok yüksek</translation>
    </message>
    <message>
        <source>Hide summaries</source>
        <translation>Özetleri gizle</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Yüksek</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Düşük</translation>
    </message>
    <message>
        <source>Max output t&amp;okens:</source>
        <translation>En fazla çıktı &amp;tokeni:</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>En fazla çıktı tokeni</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Orta</translation>
    </message>
    <message>
        <source>Minimal</source>
        <translation>En az</translation>
    </message>
    <message>
        <source>Model default</source>
        <translation>Model varsayılanı</translation>
    </message>
    <message>
        <source>Show summaries</source>
        <translation>Özetleri göster</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>&amp;Sıcaklık:</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Sıcaklık</translation>
    </message>
    <message>
        <source>Thinking level</source>
        <translation>Düşünme düzeyi</translation>
    </message>
    <message>
        <source>Thinking s&amp;ummaries:</source>
        <translation>Düşünme ö&amp;zetleri:</translation>
    </message>
    <message>
        <source>Thinking summaries</source>
        <translation>Düşünme özetleri</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-&amp;p:</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
</context>
<context>
    <name>KeyEntry</name>
    <message>
        <source>&amp;Test key</source>
        <translation>Anahtarı d&amp;ene</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API anahtarı</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Gizle</translation>
    </message>
    <message>
        <source>Keep the key for this session only</source>
        <translation>Anahtarı yalnızca bu oturum için tut</translation>
    </message>
    <message>
        <source>Keep the key in a plain-text file</source>
        <translation>Anahtarı düz metin dosyasında tut</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain</source>
        <translation>Anahtarı sistem anahtar zincirinde tut</translation>
    </message>
    <message>
        <source>Key test result</source>
        <translation>Anahtar denemesinin sonucu</translation>
    </message>
    <message>
        <source>Keychain unavailable</source>
        <translation>Anahtar zinciri kullanılamıyor</translation>
    </message>
    <message>
        <source>No system keychain is available, so the key cannot be stored securely. Keep it for this session only, or explicitly choose a plain-text file.</source>
        <translation>Kullanılabilir bir sistem anahtar zinciri yok, bu yüzden anahtar güvenli biçimde saklanamıyor. Anahtarı yalnızca bu oturum için tutun ya da açıkça düz metin dosyasını seçin.</translation>
    </message>
    <message>
        <source>Paste a key first.</source>
        <translation>Önce bir anahtar yapıştırın.</translation>
    </message>
    <message>
        <source>Paste your Gemini API key</source>
        <translation>Gemini API anahtarınızı yapıştırın</translation>
    </message>
    <message>
        <source>Plain-text &amp;file readable only by you (0600)</source>
        <translation>Yalnızca sizin okuyabileceğiniz düz metin &amp;dosyası (0600)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Göster</translation>
    </message>
    <message>
        <source>Show the API key</source>
        <translation>API anahtarını göster</translation>
    </message>
    <message>
        <source>System &amp;keychain (recommended)</source>
        <translation>Sistem &amp;anahtar zinciri (önerilen)</translation>
    </message>
    <message>
        <source>Test the API key by listing models</source>
        <translation>API anahtarını modelleri listeleyerek dene</translation>
    </message>
    <message>
        <source>Testing the key…</source>
        <translation>Anahtar deneniyor…</translation>
    </message>
    <message>
        <source>That does not look like an API key (empty, or it contains spaces).</source>
        <translation>Bu bir API anahtarına benzemiyor (boş ya da boşluk içeriyor).</translation>
    </message>
    <message>
        <source>The endpoint address is not valid.</source>
        <translation>Uç nokta adresi geçerli değil.</translation>
    </message>
    <message>
        <source>The key is written unencrypted to a file only your user account can read. Anyone with access to your account or your backups can read it.</source>
        <translation>Anahtar, yalnızca kullanıcı hesabınızın okuyabileceği bir dosyaya şifrelenmeden yazılır. Hesabınıza ya da yedeklerinize erişebilen herkes onu okuyabilir.</translation>
    </message>
    <message numerus="yes">
        <source>The key works: %n model(s) available.</source>
        <translation>
            <numerusform>Anahtar çalışıyor: %n model kullanılabilir.</numerusform>
        </translation>
    </message>
    <message>
        <source>This &amp;session only (forgotten on exit)</source>
        <translation>Yalnızca bu &amp;oturum (çıkışta unutulur)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;About Gemdesk</source>
        <translation>Gemdesk &amp;hakkında</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>&amp;Pencereyi kapat</translation>
    </message>
    <message>
        <source>&amp;Copy last answer</source>
        <translation>Son yanıtı &amp;kopyala</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>Dü&amp;zen</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>Sohbeti &amp;dışa aktar…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Dosya</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Klavye kısayolları</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Yeni sohbet</translation>
    </message>
    <message>
        <source>&amp;Next conversation</source>
        <translation>&amp;Sonraki sohbet</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Tercihler…</translation>
    </message>
    <message>
        <source>&amp;Rename conversation</source>
        <translation>Sohbeti &amp;yeniden adlandır</translation>
    </message>
    <message>
        <source>&amp;Search…</source>
        <translation>&amp;Ara…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>About Gemdesk</source>
        <translation>Gemdesk hakkında</translation>
    </message>
    <message>
        <source>Conversation &amp;settings</source>
        <translation>Sohbet &amp;ayarları</translation>
    </message>
    <message>
        <source>Conversation settings</source>
        <translation>Sohbet ayarları</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Sohbeti dışa aktar</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Dışa aktarıldı: {path}</translation>
    </message>
    <message>
        <source>Gemdesk</source>
        <translation>Gemdesk</translation>
    </message>
    <message>
        <source>Gemdesk — a desktop assistant for the Gemini Interactions API.</source>
        <translation>Gemdesk — Gemini Interactions API için bir masaüstü asistanı.</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Last answer copied.</source>
        <translation>Son yanıt kopyalandı.</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>New chat — Gemdesk</source>
        <translation>Yeni sohbet — Gemdesk</translation>
    </message>
    <message>
        <source>P&amp;revious conversation</source>
        <translation>Ö&amp;nceki sohbet</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>&amp;Gönder</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>D&amp;urdur</translation>
    </message>
    <message>
        <source>Show &amp;sidebar</source>
        <translation>Kenar &amp;çubuğunu göster</translation>
    </message>
    <message>
        <source>The export could not be written: {reason}</source>
        <translation>Dışa aktarma dosyası yazılamadı: {reason}</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Sohbet dökümü</translation>
    </message>
    <message>
        <source>Your history file was damaged and could not be read. It was kept as {path} and a new, empty history was started.</source>
        <translation>Geçmiş dosyanız hasar gördüğü için okunamadı. Dosya {path} olarak saklandı ve yeni, boş bir geçmiş başlatıldı.</translation>
    </message>
    <message>
        <source>{title} — Gemdesk</source>
        <translation>{title} — Gemdesk</translation>
    </message>
</context>
<context>
    <name>ModelCombo</name>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>The model that answers; you may also type a model id.</source>
        <translation>Yanıt veren model; bir model kimliği de yazabilirsiniz.</translation>
    </message>
</context>
<context>
    <name>ModelFetcher</name>
    <message>
        <source>Could not reach the server. Check the network and the endpoint address.</source>
        <translation>Sunucuya ulaşılamadı. Ağ bağlantısını ve uç nokta adresini denetleyin.</translation>
    </message>
    <message>
        <source>Listing models failed unexpectedly ({name}).</source>
        <translation>Modeller listelenirken beklenmeyen bir hata oluştu ({name}).</translation>
    </message>
    <message>
        <source>Rate limit reached; wait a moment and try again.</source>
        <translation>İstek sınırına ulaşıldı; biraz bekleyip yeniden deneyin.</translation>
    </message>
    <message>
        <source>The server refused this API key. Check that it was copied completely.</source>
        <translation>Sunucu bu API anahtarını reddetti. Anahtarın eksiksiz kopyalandığından emin olun.</translation>
    </message>
    <message>
        <source>The server took too long to answer.</source>
        <translation>Sunucunun yanıt vermesi çok uzun sürdü.</translation>
    </message>
    <message>
        <source>This API key is not allowed to list models.</source>
        <translation>Bu API anahtarının modelleri listeleme izni yok.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Hesap</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Temel URL:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Dil:</translation>
    </message>
    <message>
        <source>&amp;New chats</source>
        <translation>&amp;Yeni sohbetler</translation>
    </message>
    <message>
        <source>&amp;Remove saved key</source>
        <translation>Kayıtlı anahtarı &amp;kaldır</translation>
    </message>
    <message>
        <source>&amp;Send with:</source>
        <translation>Gönderme t&amp;uşu:</translation>
    </message>
    <message>
        <source>A key ending in {hint} is kept for this session only.</source>
        <translation>Sonu {hint} ile biten bir anahtar yalnızca bu oturum için tutuluyor.</translation>
    </message>
    <message>
        <source>A key ending in {hint} is saved in a plain-text file ({path}).</source>
        <translation>Sonu {hint} ile biten bir anahtar düz metin dosyasında kayıtlı ({path}).</translation>
    </message>
    <message>
        <source>A key ending in {hint} is saved in the system keychain.</source>
        <translation>Sonu {hint} ile biten bir anahtar sistem anahtar zincirinde kayıtlı.</translation>
    </message>
    <message>
        <source>A new language applies after a restart.</source>
        <translation>Yeni dil, uygulama yeniden başlatıldıktan sonra geçerli olur.</translation>
    </message>
    <message>
        <source>A&amp;ppearance</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>API endpoint address</source>
        <translation>API uç nokta adresi</translation>
    </message>
    <message>
        <source>Close to tray</source>
        <translation>Kapatınca tepsiye küçült</translation>
    </message>
    <message>
        <source>Closing the window keeps Gemdesk in the system &amp;tray</source>
        <translation>Pencere kapatılınca Gemdesk sistem &amp;tepsisinde çalışmaya devam etsin</translation>
    </message>
    <message>
        <source>Conversation m&amp;ode:</source>
        <translation>Sohbet m&amp;odu:</translation>
    </message>
    <message>
        <source>Could not save the preferences: {reason}</source>
        <translation>Tercihler kaydedilemedi: {reason}</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends, Enter starts a new line</source>
        <translation>Ctrl+Enter gönderir, Enter yeni satıra geçer</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Koyu</translation>
    </message>
    <message>
        <source>Default &amp;model:</source>
        <translation>Varsayılan &amp;model:</translation>
    </message>
    <message>
        <source>Default conversation mode</source>
        <translation>Varsayılan sohbet modu</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>Varsayılan model</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>Değişiklikleri at</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Uç nokta</translation>
    </message>
    <message>
        <source>Endpoint error</source>
        <translation>Uç nokta hatası</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// address without a query or user name.</source>
        <translation>Sorgu ya da kullanıcı adı içermeyen, http:// veya https:// ile başlayan bir adres girin.</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation>Enter gönderir, Shift+Enter yeni satıra geçer</translation>
    </message>
    <message>
        <source>Environment key notice</source>
        <translation>Ortam değişkenindeki anahtar hakkında bilgi</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Sistem ayarını kullan</translation>
    </message>
    <message>
        <source>Gemini API key</source>
        <translation>Gemini API anahtarı</translation>
    </message>
    <message>
        <source>Get a key from &lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt;.</source>
        <translation>&lt;a href=&quot;{url}&quot;&gt;Google AI Studio&lt;/a&gt; üzerinden bir anahtar alın.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>Language note</source>
        <translation>Dil notu</translation>
    </message>
    <message>
        <source>Leave empty to use Google&apos;s servers (or GOOGLE_GEMINI_BASE_URL when it is set). Use a custom address for a proxy or a local emulator.</source>
        <translation>Google&apos;ın sunucularını (ya da tanımlıysa GOOGLE_GEMINI_BASE_URL adresini) kullanmak için boş bırakın. Vekil sunucu ya da yerel bir öykünücü için özel bir adres kullanın.</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Açık</translation>
    </message>
    <message>
        <source>No key is saved in Gemdesk.</source>
        <translation>Gemdesk&apos;te kayıtlı bir anahtar yok.</translation>
    </message>
    <message>
        <source>Preference pages</source>
        <translation>Tercih sayfaları</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Tercihler</translation>
    </message>
    <message>
        <source>Prefill the quick prompt from the clipboard</source>
        <translation>Hızlı istemi panodaki metinle doldur</translation>
    </message>
    <message>
        <source>Quick prompt starts with the &amp;clipboard text</source>
        <translation>Hızlı istem &amp;panodaki metinle açılsın</translation>
    </message>
    <message>
        <source>Remove the saved API key</source>
        <translation>Kayıtlı API anahtarını kaldır</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Save and close</source>
        <translation>Kaydet ve kapat</translation>
    </message>
    <message>
        <source>Saved key status</source>
        <translation>Kayıtlı anahtarın durumu</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>Gönderme tuşu</translation>
    </message>
    <message>
        <source>Stateful (the server keeps the history)</source>
        <translation>Durumlu (geçmişi sunucu tutar)</translation>
    </message>
    <message>
        <source>Stateless (nothing stored on the server; history resent)</source>
        <translation>Durumsuz (sunucuda hiçbir şey saklanmaz; geçmiş yeniden gönderilir)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Sistem dili</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>T&amp;ema:</translation>
    </message>
    <message>
        <source>The environment variable {name} is set, so Gemdesk uses that key. A key saved here is used only when {name} is not set.</source>
        <translation>{name} ortam değişkeni tanımlı olduğu için Gemdesk o anahtarı kullanıyor. Burada kaydedilen anahtar yalnızca {name} tanımlı değilken kullanılır.</translation>
    </message>
    <message>
        <source>The key file could not be written or removed. Check the permissions.</source>
        <translation>Anahtar dosyası yazılamadı ya da silinemedi. İzinleri denetleyin.</translation>
    </message>
    <message>
        <source>The key was saved in a plain-text file readable only by you.</source>
        <translation>Anahtar, yalnızca sizin okuyabileceğiniz düz metin dosyasına kaydedildi.</translation>
    </message>
    <message>
        <source>The key was saved in the system keychain.</source>
        <translation>Anahtar sistem anahtar zincirine kaydedildi.</translation>
    </message>
    <message>
        <source>The key will be used until Gemdesk quits.</source>
        <translation>Anahtar, Gemdesk kapanana kadar kullanılacak.</translation>
    </message>
    <message>
        <source>The saved key was removed.</source>
        <translation>Kayıtlı anahtar kaldırıldı.</translation>
    </message>
    <message>
        <source>The system keychain could not store the key. Choose “This session only” or a plain-text file.</source>
        <translation>Sistem anahtar zinciri anahtarı saklayamadı. “Yalnızca bu oturum” seçeneğini ya da düz metin dosyasını seçin.</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>These settings apply to new conversations.</source>
        <translation>Bu ayarlar yeni sohbetlere uygulanır.</translation>
    </message>
    <message>
        <source>Where to get an API key</source>
        <translation>API anahtarı nereden alınır</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>Deep thinking</source>
        <translation>Derin düşünme</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Varsayılan</translation>
    </message>
    <message>
        <source>Quick answer</source>
        <translation>Hızlı yanıt</translation>
    </message>
</context>
<context>
    <name>QuickPrompt</name>
    <message>
        <source>Answer</source>
        <translation>Yanıt</translation>
    </message>
    <message>
        <source>Gemdesk quick prompt</source>
        <translation>Gemdesk hızlı istemi</translation>
    </message>
    <message>
        <source>Hide (Esc)</source>
        <translation>Gizle (Esc)</translation>
    </message>
    <message>
        <source>Hide the quick prompt</source>
        <translation>Hızlı istemi gizle</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <source>New quick conversation</source>
        <translation>Yeni hızlı sohbet</translation>
    </message>
    <message>
        <source>Open in window</source>
        <translation>Pencerede aç</translation>
    </message>
    <message>
        <source>Quick prompt</source>
        <translation>Hızlı istem</translation>
    </message>
    <message>
        <source>Start a new quick conversation</source>
        <translation>Yeni bir hızlı sohbet başlat</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search conversations</source>
        <translation>Sohbetlerde ara</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Sohbetlerde ara (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Arama sonuçları</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>New chat</source>
        <extracomment>``search(query)`` -&gt; ranked hits; runs in a worker thread.</extracomment>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>{title}: {snippet}</source>
        <translation>{title}: {snippet}</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Gemdesk is still running</source>
        <translation>Gemdesk hâlâ çalışıyor</translation>
    </message>
    <message>
        <source>Gemdesk keeps running in the system tray. Use Quit in its menu to exit.</source>
        <translation>Gemdesk sistem tepsisinde çalışmaya devam ediyor. Çıkmak için menüsündeki Çık komutunu kullanın.</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>The answer could not be completed.</source>
        <translation>Yanıt tamamlanamadı.</translation>
    </message>
    <message>
        <source>The answer is ready.</source>
        <translation>Yanıt hazır.</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Copy the last answer</source>
        <translation>Son yanıtı kopyala</translation>
    </message>
    <message>
        <source>Export the conversation</source>
        <translation>Sohbeti dışa aktar</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>Next conversation</source>
        <translation>Sonraki sohbet</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Tercihler</translation>
    </message>
    <message>
        <source>Previous conversation</source>
        <translation>Önceki sohbet</translation>
    </message>
    <message>
        <source>Rename the conversation</source>
        <translation>Sohbeti yeniden adlandır</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Sohbetlerde ara</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Mesajı gönder</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>Yanıtı durdur</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Action</source>
        <translation>Eylem</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Klavye kısayolları</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tuşlar</translation>
    </message>
    <message>
        <source>Shortcut list</source>
        <translation>Kısayol listesi</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversation actions</source>
        <translation>Sohbet işlemleri</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Sohbetler</translation>
    </message>
    <message>
        <source>Conversations sidebar</source>
        <translation>Sohbetler kenar çubuğu</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Sil</translation>
    </message>
    <message>
        <source>Delete folder</source>
        <translation>Klasörü sil</translation>
    </message>
    <message>
        <source>Deleted {n} conversations.</source>
        <translation>{n} sohbet silindi.</translation>
    </message>
    <message>
        <source>Deleted “{title}”.</source>
        <translation>“{title}” silindi.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Dışa aktar</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Klasörler</translation>
    </message>
    <message>
        <source>Move to folder</source>
        <translation>Klasöre taşı</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>New folder</source>
        <translation>Yeni klasör</translation>
    </message>
    <message>
        <source>New folder…</source>
        <translation>Yeni klasör…</translation>
    </message>
    <message>
        <source>Not in a folder</source>
        <translation>Klasörde değil</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Sabitle</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Yeniden adlandır</translation>
    </message>
    <message>
        <source>Rename folder</source>
        <translation>Klasörü yeniden adlandır</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Yeni bir sohbet başlat (Ctrl+N)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Geri al</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>Silmeyi geri al</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Sabitlemeyi kaldır</translation>
    </message>
    <message>
        <source>{format}…</source>
        <translation>{format}…</translation>
    </message>
</context>
<context>
    <name>SkeletonView</name>
    <message>
        <source>Loading Gemdesk…</source>
        <translation>Gemdesk yükleniyor…</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Answering…</source>
        <translation>Yanıtlanıyor…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Bağlı</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <source>Last answer: {li} in / {lo} out · Conversation: {ti} in / {to} out</source>
        <translation>Son yanıt: {li} giriş / {lo} çıkış · Sohbet: {ti} giriş / {to} çıkış</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Model of this conversation</source>
        <translation>Bu sohbetin modeli</translation>
    </message>
    <message>
        <source>No API key</source>
        <translation>API anahtarı yok</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Model yok</translation>
    </message>
    <message>
        <source>Not connected yet</source>
        <translation>Henüz bağlanılmadı</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Çevrim dışı</translation>
    </message>
    <message>
        <source>Token usage</source>
        <translation>Token kullanımı</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>Another Gemdesk process kept the history database busy for too long; the change was not saved. Try again.</source>
        <translation>Başka bir Gemdesk işlemi geçmiş veritabanını çok uzun süre meşgul etti; değişiklik kaydedilmedi. Yeniden deneyin.</translation>
    </message>
    <message>
        <source>Attachment {id} does not exist or is already used.</source>
        <translation>{id} numaralı ek yok ya da zaten kullanılmış.</translation>
    </message>
    <message>
        <source>Attachment {id} does not exist.</source>
        <translation>{id} numaralı ek bulunamadı.</translation>
    </message>
    <message>
        <source>Attachment {id} is unknown or already sent.</source>
        <translation>{id} numaralı ek bilinmiyor ya da zaten gönderilmiş.</translation>
    </message>
    <message>
        <source>Conversation {id} does not exist.</source>
        <translation>{id} numaralı sohbet bulunamadı.</translation>
    </message>
    <message>
        <source>Folder {id} does not exist.</source>
        <translation>{id} numaralı klasör bulunamadı.</translation>
    </message>
    <message>
        <source>Gemdesk cannot use its data folder {folder}: {reason}.</source>
        <translation>Gemdesk veri klasörünü kullanamıyor ({folder}): {reason}.</translation>
    </message>
    <message>
        <source>Gemdesk cannot write its history database {path} ({reason}). Check that the folder exists, is writable and that the disk is available.</source>
        <translation>Gemdesk geçmiş veritabanına yazamıyor: {path} ({reason}). Klasörün var olduğunu, yazılabilir olduğunu ve diskin erişilebilir olduğunu denetleyin.</translation>
    </message>
    <message>
        <source>Message {id} does not exist.</source>
        <translation>{id} numaralı mesaj bulunamadı.</translation>
    </message>
    <message>
        <source>Message {message} is not in conversation {conversation}.</source>
        <translation>{message} numaralı mesaj {conversation} numaralı sohbette değil.</translation>
    </message>
    <message>
        <source>The disk holding Gemdesk&apos;s data ({folder}) is full. Free some space and try again.</source>
        <translation>Gemdesk verilerinin bulunduğu disk ({folder}) dolu. Biraz yer açıp yeniden deneyin.</translation>
    </message>
    <message>
        <source>The disk holding the history database ({folder}) is full. The last change was not saved; everything saved before is intact. Free some space and try again.</source>
        <translation>Geçmiş veritabanının bulunduğu disk ({folder}) dolu. Son değişiklik kaydedilmedi; daha önce kaydedilen her şey yerinde. Biraz yer açıp yeniden deneyin.</translation>
    </message>
    <message>
        <source>The history database was written by a newer version of Gemdesk (schema {found}, this version knows {known}). Update Gemdesk; the file was left untouched.</source>
        <translation>Geçmiş veritabanı Gemdesk&apos;in daha yeni bir sürümüyle yazılmış (şema {found}; bu sürümün bildiği şema {known}). Gemdesk&apos;i güncelleyin; dosyaya dokunulmadı.</translation>
    </message>
    <message>
        <source>The history database {path} is damaged ({reason}). Restart Gemdesk to move it aside and start a fresh history.</source>
        <translation>Geçmiş veritabanı hasarlı: {path} ({reason}). Dosyayı kenara taşıyıp yeni bir geçmişle başlamak için Gemdesk&apos;i yeniden başlatın.</translation>
    </message>
</context>
<context>
    <name>Transcript</name>
    <message>
        <source>Branch to a new conversation</source>
        <translation>Yeni bir sohbete dallandır</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopyala</translation>
    </message>
    <message>
        <source>Copy as Markdown</source>
        <translation>Markdown olarak kopyala</translation>
    </message>
    <message>
        <source>Copy as plain text</source>
        <translation>Düz metin olarak kopyala</translation>
    </message>
    <message>
        <source>Copy code block</source>
        <translation>Kod bloğunu kopyala</translation>
    </message>
    <message>
        <source>Copy code block {n}</source>
        <translation>{n}. kod bloğunu kopyala</translation>
    </message>
    <message>
        <source>Copy this message</source>
        <translation>Bu mesajı kopyala</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Düzenle</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>Düzenle ve yeniden gönder</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Hata</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Gemini</translation>
    </message>
    <message>
        <source>Generate another answer</source>
        <translation>Başka bir yanıt oluştur</translation>
    </message>
    <message>
        <source>Incomplete answer</source>
        <translation>Eksik yanıt</translation>
    </message>
    <message>
        <source>Input tokens: {n}</source>
        <translation>Giriş tokenleri: {n}</translation>
    </message>
    <message>
        <source>Model: {model}</source>
        <translation>Model: {model}</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>Diğer işlemler</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Sonraki sürüm</translation>
    </message>
    <message>
        <source>Output tokens: {n}</source>
        <translation>Çıkış tokenleri: {n}</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Önceki sürüm</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Yeniden oluştur</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Yeniden dene</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <source>Showing the first {n} characters; copy the message to get all of it.</source>
        <translation>İlk {n} karakter gösteriliyor; tamamını almak için mesajı kopyalayın.</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Durduruldu</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Düşünme</translation>
    </message>
    <message>
        <source>Thinking tokens: {n}</source>
        <translation>Düşünme tokenleri: {n}</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Düşünüyor…</translation>
    </message>
    <message>
        <source>Total tokens: {n}</source>
        <translation>Toplam token: {n}</translation>
    </message>
    <message>
        <source>Upload progress of {name}</source>
        <translation>Yükleme ilerlemesi: {name}</translation>
    </message>
    <message>
        <source>Uploading 1 file… {percent} %</source>
        <translation>1 dosya yükleniyor… %{percent}</translation>
    </message>
    <message>
        <source>Uploading files…</source>
        <translation>Dosyalar yükleniyor…</translation>
    </message>
    <message>
        <source>Uploading {count} files… {percent} %</source>
        <translation>{count} dosya yükleniyor… %{percent}</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Siz</translation>
    </message>
    <message>
        <source>{name} ({mime})</source>
        <translation>{name} ({mime})</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Gemdesk</source>
        <translation>Gemdesk</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>Pencereyi gizle</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Yeni sohbet</translation>
    </message>
    <message>
        <source>Quick prompt</source>
        <translation>Hızlı istem</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Çık</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Pencereyi göster</translation>
    </message>
</context>
<context>
    <name>Turn</name>
    <message>
        <source>The answer ended before the model finished.</source>
        <translation>Yanıt, model bitirmeden sona erdi.</translation>
    </message>
    <message>
        <source>The answer was cut short (budget exceeded).</source>
        <translation>Yanıt yarıda kaldı (bütçe aşıldı).</translation>
    </message>
    <message>
        <source>The answer was cut short (output token limit reached).</source>
        <translation>Yanıt yarıda kaldı (çıktı tokeni sınırına ulaşıldı).</translation>
    </message>
    <message>
        <source>The model failed to answer.</source>
        <translation>Model yanıt veremedi.</translation>
    </message>
    <message>
        <source>The server no longer accepts this conversation&apos;s stored history, so it now continues in stateless mode: the whole history is sent with every message.</source>
        <translation>Sunucu bu sohbetin kayıtlı geçmişini artık kabul etmiyor; bu yüzden sohbet durumsuz modda sürüyor: her mesajla birlikte tüm geçmiş gönderiliyor.</translation>
    </message>
    <message>
        <source>Unexpected error ({name}).</source>
        <translation>Beklenmeyen hata ({name}).</translation>
    </message>
</context>
<context>
    <name>_OptionalDouble</name>
    <message>
        <source>Model default</source>
        <translation>Model varsayılanı</translation>
    </message>
</context>
<context>
    <name>_OptionalInt</name>
    <message>
        <source>Model default</source>
        <translation>Model varsayılanı</translation>
    </message>
</context>
</TS>
