package accounts

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		"accounts.field.name":         {"Nome e cognome", "Full name"},
		"accounts.field.email":        {"Indirizzo e-mail", "E-mail address"},
		"accounts.field.new_email":    {"Nuovo indirizzo e-mail", "New e-mail address"},
		"accounts.field.password":     {"Password", "Password"},
		"accounts.field.new_password": {"Nuova password", "New password"},
		"accounts.field.confirm":      {"Ripeti la nuova password", "Repeat the new password"},
		"accounts.field.current":      {"Password attuale", "Current password"},
		"accounts.save":               {"Salva", "Save"},
		"accounts.cancel":             {"Annulla", "Cancel"},

		"accounts.name.invalid": {"Il nome contiene caratteri non ammessi.", "The name contains characters that are not allowed."},

		"accounts.password.hint":      {"Almeno 10 caratteri. Una frase di più parole è facile da ricordare e difficile da indovinare.", "At least 10 characters. A phrase of several words is easy to remember and hard to guess."},
		"accounts.password.too_short": {"La password è troppo corta: servono almeno 10 caratteri.", "The password is too short: it needs at least 10 characters."},
		"accounts.password.too_long":  {"La password è troppo lunga: al massimo 256 caratteri.", "The password is too long: at most 256 characters."},
		"accounts.password.common":    {"Questa password è tra le più usate (anche con numeri o simboli aggiunti) e verrebbe indovinata subito. Scegline un'altra, per esempio una frase di più parole.", "This password is among the most used (even with digits or symbols added) and would be guessed at once. Choose another, for example a phrase of several words."},
		"accounts.password.pattern":   {"La password è una sequenza prevedibile (tasti vicini, lettere o cifre in fila, caratteri ripetuti). Scegline una meno regolare.", "The password is a predictable pattern (neighbouring keys, letters or digits in a row, repeated characters). Choose a less regular one."},
		"accounts.password.personal":  {"La password è basata sul tuo nome o sul tuo indirizzo e-mail, che altri possono conoscere. Scegline un'altra.", "The password is based on your name or e-mail address, which others may know. Choose another."},
		"accounts.password.mismatch":  {"Le due password non coincidono.", "The two passwords do not match."},

		"accounts.signup.title":            {"Registrati", "Sign up"},
		"accounts.signup.lead":             {"Con un profilo puoi iscriverti agli incontri, candidarti agli avvisi e seguire i percorsi del tuo territorio.", "With an account you can sign up for meetings, apply to calls and follow the paths of your territory."},
		"accounts.signup.privacy_label":    {"Ho letto l'informativa sul trattamento dei dati personali e acconsento", "I have read the privacy notice and I agree to the processing of my personal data"},
		"accounts.signup.privacy_required": {"Per registrarti devi accettare l'informativa privacy.", "To sign up you must accept the privacy notice."},
		"accounts.signup.submit":           {"Crea il profilo", "Create account"},
		"accounts.signup.have_account":     {"Hai già un profilo?", "Already have an account?"},

		"accounts.signup_sent.title": {"Controlla la tua e-mail", "Check your e-mail"},
		"accounts.signup_sent.text":  {"Ti abbiamo scritto all'indirizzo indicato. Apri il collegamento nel messaggio entro 48 ore per attivare il profilo.", "We have written to the address you gave. Open the link in the message within 48 hours to activate the account."},
		"accounts.signup_sent.spam":  {"Se il messaggio non arriva entro qualche minuto, controlla la cartella della posta indesiderata.", "If the message does not arrive within a few minutes, check your spam folder."},

		"accounts.verify.title":  {"Conferma il tuo indirizzo e-mail", "Confirm your e-mail address"},
		"accounts.verify.text":   {"Premi il pulsante per confermare l'indirizzo e attivare il profilo.", "Press the button to confirm the address and activate your account."},
		"accounts.verify.submit": {"Conferma l'indirizzo", "Confirm the address"},

		"accounts.login.title":      {"Accedi", "Log in"},
		"accounts.login.submit":     {"Accedi", "Log in"},
		"accounts.login.failed":     {"Indirizzo e-mail o password non corretti.", "Wrong e-mail address or password."},
		"accounts.login.disabled":   {"Questo profilo è sospeso. Per informazioni scrivi a chi coordina il programma.", "This account is suspended. For information write to the programme's coordinators."},
		"accounts.login.no_account": {"Non hai un profilo?", "No account yet?"},

		"accounts.throttled.text":  {"Ci sono stati troppi tentativi di accesso non riusciti. Per sicurezza l'accesso è sospeso per circa 15 minuti: attendi e riprova.", "There have been too many failed login attempts. For safety, logging in is paused for about 15 minutes: wait and try again."},
		"accounts.throttled.reset": {"Se non ricordi la password puoi sceglierne una nuova:", "If you do not remember your password you can choose a new one:"},

		"accounts.unverified.title": {"Conferma prima il tuo indirizzo e-mail", "Confirm your e-mail address first"},
		"accounts.unverified.text":  {"Il profilo non è ancora attivo: apri il collegamento di conferma che ti abbiamo inviato per e-mail, poi accedi. Se il collegamento è scaduto o non lo trovi, te ne abbiamo appena inviato uno nuovo (al massimo uno ogni dieci minuti).", "The account is not active yet: open the confirmation link we e-mailed you, then log in. If the link has expired or you cannot find it, we have just sent you a new one (at most one every ten minutes)."},

		"accounts.logout.submit": {"Esci", "Log out"},

		"accounts.forgot.link":   {"Password dimenticata?", "Forgot your password?"},
		"accounts.forgot.title":  {"Password dimenticata", "Forgotten password"},
		"accounts.forgot.lead":   {"Indica l'indirizzo e-mail del tuo profilo: ti invieremo un collegamento per sceglierne una nuova.", "Enter your account's e-mail address: we will send you a link to choose a new password."},
		"accounts.forgot.submit": {"Invia il collegamento", "Send the link"},

		"accounts.reset.title":  {"Scegli una nuova password", "Choose a new password"},
		"accounts.reset.submit": {"Salva la nuova password", "Save the new password"},

		"accounts.link.title":        {"Collegamento non valido", "Link not valid"},
		"accounts.link.expired":      {"Questo collegamento è scaduto.", "This link has expired."},
		"accounts.link.used":         {"Questo collegamento è già stato usato e vale una volta sola. Se hai appena completato l'operazione, non devi fare altro.", "This link has already been used, and it works only once. If you have just completed the operation, there is nothing more to do."},
		"accounts.link.invalid":      {"Questo collegamento non è valido: forse è incompleto. Copialo per intero dal messaggio, oppure chiedine uno nuovo.", "This link is not valid: perhaps it is incomplete. Copy it in full from the message, or ask for a new one."},
		"accounts.link.again_verify": {"Accedi per ricevere un nuovo collegamento", "Log in to receive a new link"},
		"accounts.link.again_reset":  {"Chiedi un nuovo collegamento", "Ask for a new link"},
		"accounts.link.again_email":  {"Chiedi di nuovo il cambio di indirizzo", "Ask again for the change of address"},

		"accounts.account.title":           {"Il mio profilo", "My account"},
		"accounts.account.no_name":         {"non indicato", "not given"},
		"accounts.account.change_name":     {"cambia il nome", "change name"},
		"accounts.account.change_email":    {"cambia l'indirizzo", "change address"},
		"accounts.account.change_password": {"Cambia la password", "Change password"},
		"accounts.account.roles":           {"Ruoli", "Roles"},
		"accounts.account.participant":     {"Partecipante: nessun ruolo particolare.", "Participant: no particular role."},
		"accounts.account.activity_title":  {"La mia partecipazione", "My participation"},
		"accounts.account.tracks":          {"I miei percorsi formativi: presenze, ore e attestati", "My training tracks: attendance, hours and certificates"},
		"accounts.account.all_territories": {"tutti i territori", "every territory"},
		"accounts.role.admin":              {"Amministrazione regionale", "Regional administrator"},
		"accounts.role.coordinator":        {"Coordinamento", "Coordinator"},
		"accounts.role.committee_member":   {"Componente del comitato", "Committee member"},
		"accounts.role.activator":          {"Attivatore di comunità", "Community activator"},
		"accounts.role.evaluator":          {"Commissione di valutazione", "Evaluator"},
		"accounts.role.monitor":            {"Monitoraggio e valutazione", "Monitoring and evaluation"},
		"accounts.role.glossary_editor":    {"Redazione del glossario", "Glossary editor"},
		"accounts.name.title":              {"Cambia il nome", "Change name"},
		"accounts.change_password.title":   {"Cambia la password", "Change password"},
		"accounts.change_password.lead":    {"Dopo il cambio, gli accessi aperti su altri dispositivi verranno chiusi.", "After the change, sessions open on other devices will be ended."},
		"accounts.current.wrong":           {"La password attuale non è corretta.", "The current password is wrong."},
		"accounts.current.throttled":       {"Troppi tentativi non riusciti: attendi circa 15 minuti e riprova.", "Too many failed attempts: wait about 15 minutes and try again."},
		"accounts.change_email.title":      {"Cambia l'indirizzo e-mail", "Change e-mail address"},
		"accounts.change_email.current":    {"Indirizzo attuale:", "Current address:"},
		"accounts.change_email.lead":       {"Invieremo un collegamento di conferma al nuovo indirizzo; il cambio avviene quando lo apri. Al vecchio indirizzo arriverà un avviso.", "We will send a confirmation link to the new address; the change happens when you open it. The old address will receive a notice."},
		"accounts.change_email.submit":     {"Invia la conferma", "Send the confirmation"},
		"accounts.email.same":              {"Questo è già il tuo indirizzo.", "This is already your address."},
		"accounts.email.in_use":            {"Il nuovo indirizzo è nel frattempo diventato di un altro profilo, quindi non è stato cambiato.", "The new address has meanwhile been taken by another account, so it was not changed."},
		"accounts.email_confirm.title":     {"Conferma il nuovo indirizzo", "Confirm the new address"},
		"accounts.email_confirm.text":      {"Il tuo profilo userà d'ora in poi l'indirizzo", "From now on your account will use the address"},
		"accounts.email_confirm.submit":    {"Conferma il nuovo indirizzo", "Confirm the new address"},
		"flash.accounts.verified":          {"Indirizzo confermato. Ora puoi accedere.", "Address confirmed. You can now log in."},
		"flash.accounts.logged_out":        {"Sei uscito dal tuo profilo.", "You have logged out."},
		"flash.accounts.reset_sent":        {"Se l'indirizzo appartiene a un profilo, ti abbiamo inviato un collegamento per scegliere una nuova password. Vale 2 ore.", "If the address belongs to an account, we have sent it a link to choose a new password. It is valid for 2 hours."},
		"flash.accounts.password_reset":    {"La nuova password è salva. Gli accessi aperti altrove sono stati chiusi.", "Your new password is saved. Sessions open elsewhere have been ended."},
		"flash.accounts.password_changed":  {"Password cambiata. Gli accessi aperti su altri dispositivi sono stati chiusi.", "Password changed. Sessions open on other devices have been ended."},
		"flash.accounts.name_changed":      {"Nome aggiornato.", "Name updated."},
		"flash.accounts.email_change_sent": {"Ti abbiamo inviato un collegamento di conferma al nuovo indirizzo: il cambio avviene quando lo apri (entro 48 ore).", "We have sent a confirmation link to the new address: the change happens when you open it (within 48 hours)."},
		"flash.accounts.email_changed":     {"Indirizzo e-mail cambiato.", "E-mail address changed."},

		"accounts.mail.greeting":  {"Gentile %s,", "Dear %s,"},
		"accounts.mail.someone":   {"utente", "user"},
		"accounts.mail.signature": {"Cantieri della Salute — Regione Toscana\nQuesto messaggio è stato inviato automaticamente: non rispondere.", "Cantieri della Salute — Regione Toscana\nThis message was sent automatically: please do not reply."},

		"accounts.mail.verify.subject": {"Conferma il tuo indirizzo e-mail", "Confirm your e-mail address"},
		"accounts.mail.verify.body":    {"per attivare il tuo profilo su Cantieri della Salute apri questo collegamento entro 48 ore e premi \"Conferma l'indirizzo\":\n\n%s\n\nSe non ti sei registrato tu, ignora questo messaggio: senza conferma il profilo resta inattivo.", "to activate your Cantieri della Salute account open this link within 48 hours and press \"Confirm the address\":\n\n%s\n\nIf you did not sign up, ignore this message: without confirmation the account stays inactive."},

		"accounts.mail.already.subject": {"Tentativo di registrazione con il tuo indirizzo", "Sign-up attempt with your address"},
		"accounts.mail.already.body":    {"qualcuno (forse tu) ha provato a registrarsi su Cantieri della Salute con questo indirizzo, che ha già un profilo. Non è stato creato nulla.\n\nPer accedere: %s\nSe non ricordi la password, scegline una nuova: %s\n\nSe non sei stato tu, puoi ignorare questo messaggio.", "someone (perhaps you) tried to sign up on Cantieri della Salute with this address, which already has an account. Nothing was created.\n\nTo log in: %s\nIf you do not remember your password, choose a new one: %s\n\nIf it was not you, you can ignore this message."},

		"accounts.mail.reset.subject": {"Scegli una nuova password", "Choose a new password"},
		"accounts.mail.reset.body":    {"per scegliere una nuova password apri questo collegamento entro 2 ore (vale una volta sola):\n\n%s\n\nSe non l'hai chiesto tu, ignora questo messaggio: la tua password resta quella di prima.", "to choose a new password open this link within 2 hours (it works only once):\n\n%s\n\nIf you did not ask for it, ignore this message: your password stays as it was."},

		"accounts.mail.password_link.subject": {"Scegli una nuova password", "Choose a new password"},
		"accounts.mail.password_link.body":    {"l'amministrazione di Cantieri della Salute ti ha inviato un collegamento per scegliere una nuova password. Aprilo entro 7 giorni (vale una volta sola):\n\n%s", "the Cantieri della Salute administrators have sent you a link to choose a new password. Open it within 7 days (it works only once):\n\n%s"},

		"accounts.mail.admin.subject": {"Il tuo profilo di amministrazione", "Your administrator account"},
		"accounts.mail.admin.body":    {"hai un profilo di amministrazione regionale su Cantieri della Salute. Per iniziare scegli la tua password con questo collegamento entro 7 giorni (vale una volta sola):\n\n%s", "you have a regional administrator account on Cantieri della Salute. To begin, choose your password with this link within 7 days (it works only once):\n\n%s"},

		"accounts.mail.password_changed.subject": {"La tua password è stata cambiata", "Your password was changed"},
		"accounts.mail.password_changed.body":    {"la password del tuo profilo su Cantieri della Salute è stata cambiata e gli altri accessi aperti sono stati chiusi.\n\nSe non sei stato tu, scegli subito una nuova password: %s", "the password of your Cantieri della Salute account was changed and the other open sessions were ended.\n\nIf it was not you, choose a new password at once: %s"},

		"accounts.mail.email_confirm.subject": {"Conferma il nuovo indirizzo e-mail", "Confirm your new e-mail address"},
		"accounts.mail.email_confirm.body":    {"per usare questo indirizzo con il tuo profilo su Cantieri della Salute apri questo collegamento entro 48 ore e conferma:\n\n%s\n\nSe non l'hai chiesto tu, ignora questo messaggio.", "to use this address with your Cantieri della Salute account open this link within 48 hours and confirm:\n\n%s\n\nIf you did not ask for it, ignore this message."},

		"accounts.mail.email_requested.subject": {"Richiesta di cambio dell'indirizzo e-mail", "Request to change your e-mail address"},
		"accounts.mail.email_requested.body":    {"è stato chiesto di sostituire l'indirizzo e-mail del tuo profilo su Cantieri della Salute con %s. Il cambio avverrà solo se il nuovo indirizzo lo conferma.\n\nSe non sei stato tu, cambia subito la password: %s", "someone asked to replace the e-mail address of your Cantieri della Salute account with %s. The change happens only if the new address confirms it.\n\nIf it was not you, change your password at once: %s"},

		"accounts.mail.email_taken.subject": {"Richiesta di usare il tuo indirizzo", "Request to use your address"},
		"accounts.mail.email_taken.body":    {"è stato chiesto di usare questo indirizzo per un profilo di Cantieri della Salute, ma l'indirizzo ha già un suo profilo: non è stato cambiato nulla.\n\nPer accedere al tuo profilo: %s\nSe non ricordi la password: %s", "someone asked to use this address for a Cantieri della Salute account, but the address already has its own account: nothing was changed.\n\nTo log in to your account: %s\nIf you do not remember your password: %s"},

		"accounts.mail.email_changed.subject": {"Il tuo indirizzo e-mail è stato cambiato", "Your e-mail address was changed"},
		"accounts.mail.email_changed.body":    {"il tuo profilo su Cantieri della Salute usa ora l'indirizzo %s; a questo indirizzo non arriveranno più messaggi.\n\nSe non sei stato tu, scrivi subito a chi coordina il programma e scegli una nuova password: %s", "your Cantieri della Salute account now uses the address %s; this address will receive no more messages.\n\nIf it was not you, write at once to the programme's coordinators and choose a new password: %s"},
	})
}
