package importer

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalize folds a header for matching: accents removed, lower case, every
// run of characters other than letters and digits made one space, and
// "e mail" written "email". A number is kept; see pattern.
func normalize(h string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(strings.TrimSpace(Unescape(h))) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(string(unicode.ToLower(r)))
		default:
			space = true
		}
	}
	s := " " + b.String() + " "
	s = strings.ReplaceAll(s, " e mail ", " email ")
	return strings.TrimSpace(s)
}

// pattern replaces the first number of a normalised header by "#" and
// returns it: "phone 2 value" → "phone # value", 2.
func pattern(n string) (string, int) {
	words := strings.Split(n, " ")
	for i, w := range words {
		if v, err := strconv.Atoi(w); err == nil && v > 0 && v < 1000 {
			words[i] = "#"
			return strings.Join(words, " "), v
		}
	}
	return n, 0
}

// slotPatterns are the numbered headers whose number pairs an email or a
// phone with its label and consent columns.
var slotPatterns = map[string]bool{
	"email #": true, "email # value": true, "email # address": true, "email # label": true, "email # type": true,
	"email # consent": true, "email # opt out": true,
	"adresse de courrier #": true, "type de courrier #": true, "adresse de messagerie #": true, "type de messagerie #": true,
	"phone #": true, "phone # value": true, "phone # label": true, "phone # type": true,
	"phone # sms consent": true, "phone # whatsapp consent": true, "phone # sms opt out": true, "phone # whatsapp opt out": true,
}

type alias struct {
	target Target
	score  float64
	slot   bool // the header's number is the target's slot
	// alt is, for a header that names two targets, the other one
	// ("Country Code": a country, or the calling code of the phones),
	// which the sampled values decide (see candidates); zero for none.
	alt Target
	// courtesy says the header may be a courtesy title's, which is not
	// imported (see courtesy).
	courtesy bool
}

// prefixAliases are the aliases of the headers that start with a prefix
// (normalised, with its space) and name something of their own after it:
// HubSpot's "Opted out of email: Marketing Information", one column per
// subscription type, each an opt-out of email. contactkit keeps one
// consent an address, so any of them unsubscribes it: the safe reading.
var prefixAliases = []struct {
	prefix string
	alias  alias
}{
	{"opted out of email ", alias{target: Target{Kind: KindUnsubscribed, Label: "email"}, score: 1}},
}

// aliasOf returns the alias of the normalised header n, by its whole text
// or by one of prefixAliases.
func aliasOf(n string) (alias, bool) {
	if a, ok := aliases[n]; ok {
		return a, true
	}
	for _, p := range prefixAliases {
		if strings.HasPrefix(n, p.prefix) {
			return p.alias, true
		}
	}
	return alias{}, false
}

// aliases maps normalised headers (with "#" for a number) to targets. The
// header sets of Google Contacts (current and legacy), Outlook (in English
// and in French), HubSpot, Mailchimp, ActiveCampaign, Shopify (customer
// exports, current and legacy), Klaviyo (profile exports) and Brevo
// (contact exports) are covered, with English and French spellings.
var aliases = buildAliases()

func buildAliases() map[string]alias {
	m := map[string]alias{}
	add := func(t Target, score float64, headers ...string) {
		for _, h := range headers {
			n, _ := pattern(normalize(strings.ReplaceAll(h, "#", "1")))
			a := alias{target: t, score: score}
			a.slot = slotPatterns[n]
			m[n] = a
		}
	}
	k := func(kind Kind) Target { return Target{Kind: kind} }
	phone := func(label string) Target { return Target{Kind: KindPhone, Label: label} }
	email := func(label string) Target { return Target{Kind: KindEmail, Label: label} }

	add(k(KindFirstName), 1, "First Name", "Firstname", "First", "Given Name", "Forename", "Prénom", "Prenom")
	add(k(KindLastName), 1, "Last Name", "Lastname", "Last", "Surname", "Family Name", "Nom", "Nom de famille", "Nom de naissance")
	// A nickname is the alias; a full name only when the file has none
	// (legacy Google CSV has both "Name" and "Nickname").
	add(k(KindAlias), 1, "Nickname", "Alias", "Surnom", "Pseudo", "Pseudonyme")
	add(k(KindAlias), 0.97, "Name", "Full Name", "Fullname", "Display Name", "Contact Name", "Nom complet", "Nom et prénom", "Prénom et nom")

	add(email(""), 1, "Email", "Email Address", "Mail", "Primary Email", "Email #", "Email # Value", "Email # Address",
		"Courriel", "Adresse email", "Adresse courriel", "Adresse électronique", "Adresse mail", "Mél")
	add(email("work"), 1, "Work Email", "Business Email", "Email professionnel", "Courriel professionnel", "Adresse email professionnelle")
	add(email("home"), 1, "Home Email", "Personal Email", "Email personnel", "Courriel personnel")
	// The short forms of French files ("E-mail pro", "Mail perso").
	add(email("work"), 1, "Email pro", "Mail pro", "Courriel pro")
	add(email("home"), 1, "Email perso", "Mail perso", "Courriel perso")
	// Outlook in French: "Adresse de courrier 2" and its "Type de courrier
	// 2", as the English "E-mail 2 Address" and "E-mail 2 Type" (older
	// versions say "messagerie").
	add(email(""), 1, "Adresse de courrier", "Adresse de courrier #", "Adresse de messagerie", "Adresse de messagerie #")
	add(k(KindEmailLabel), 1, "Type de courrier #", "Type de messagerie #")
	// HubSpot's other emails of a contact, ";" between them (see
	// emailParts).
	add(email(""), 1, "Additional email addresses", "Additional emails", "Other Emails", "Secondary Email", "Autres adresses email")
	add(k(KindEmailLabel), 1, "Email # Label", "Email # Type")

	add(phone(""), 1, "Phone", "Phone Number", "Telephone", "Telephone Number", "Tel", "Primary Phone", "Phone #", "Phone # Value",
		"Téléphone", "Tél", "Numéro de téléphone", "Téléphone principal")
	add(phone("mobile"), 1, "Mobile", "Mobile Phone", "Mobile Phone Number", "Mobile Number", "Cell", "Cell Phone", "Cellphone",
		"Cellular", "Portable", "Téléphone portable", "Téléphone mobile", "Numéro de portable", "Numéro de mobile", "Tél portable", "GSM",
		"Tél. mobile")
	add(phone("work"), 1, "Work Phone", "Business Phone", "Business Phone #", "Office Phone", "Company Main Phone", "Company Phone",
		"Téléphone professionnel", "Téléphone bureau", "Tél pro", "Téléphone pro",
		"Téléphone (bureau)", "Téléphone # (bureau)", "Téléphone société")
	add(phone("home"), 1, "Home Phone", "Home Phone #", "Landline", "Téléphone fixe", "Téléphone domicile", "Fixe", "Tél domicile",
		"Téléphone (domicile)", "Téléphone # (domicile)")
	add(phone("other"), 1, "Other Phone", "Autre téléphone", "Téléphone (autre)")
	add(phone("whatsapp"), 1, "WhatsApp", "WhatsApp Number", "WhatsApp Phone", "WhatsApp Phone Number", "Numéro WhatsApp", "WhatsApp ID")
	// Brevo's default attributes: SMS is the mobile number its SMS
	// campaigns go to, LANDLINE_NUMBER the one its Phone app calls
	// (WHATSAPP is above). Another file's "SMS" may be a yes or a no, the
	// consent to text messages: the values decide (see alias.alt); and a
	// workspace's own field labelled so is what its files mean, so the
	// alias scores below a field's label (0.9).
	add(phone("mobile"), 0.85, "SMS")
	sms := m["sms"]
	sms.alt = Target{Kind: KindConsent, Label: "sms"}
	m["sms"] = sms
	add(phone("home"), 1, "Landline Number")
	// Shopify's customer export: the phone of the customer's default
	// address, beside the customer's own "Phone" (see shopifyPhone).
	add(phone(""), 1, "Default Address Phone")
	// The "N°" (numéro) and "Tél." of French files ("N° mobile", "Tél.
	// fixe"), and their numbered phones ("Téléphone 2").
	add(phone(""), 1, "N° de téléphone", "N° téléphone", "N° tél", "Téléphone #")
	add(phone("mobile"), 1, "N° mobile", "N° de mobile", "N° portable", "N° de portable", "Numéro mobile", "Numéro portable")
	add(phone("home"), 1, "Tél fixe", "N° fixe", "Numéro fixe")
	add(phone("work"), 1, "Tél bureau", "Tél travail", "Téléphone travail")
	add(k(KindPhoneLabel), 1, "Phone # Label", "Phone # Type")

	add(k(KindCountry), 1, "Country", "Country/Region", "Pays", "Address # Country")
	// "Country Code" holds a country ("FR") or, in the files of SMS and
	// WhatsApp tools, the calling code of the phones ("33"): a country
	// unless the values say otherwise.
	add(k(KindCountry), 1, "Country Code", "Code pays")
	// Shopify's customer export: the ISO code of the default address's
	// country, which decides the region of the row's phones.
	add(k(KindCountry), 1, "Default Address Country Code")
	for _, h := range []string{"country code", "code pays"} {
		a := m[h]
		a.alt = k(KindCallingCode)
		m[h] = a
	}
	add(k(KindCallingCode), 1, "Calling Code", "Country Calling Code", "Dialling Code", "Dialing Code", "Dial Code",
		"Phone Country Code", "Phone Code", "Indicatif", "Indicatif pays", "Indicatif téléphonique", "Indicatif international")
	// Outlook's addresses, in English and French: the business one's
	// first, then the home one's, then the other one's.
	add(k(KindCountry), 0.9, "Business Country/Region", "Business Country", "Pays/Région (bureau)")
	add(k(KindCountry), 0.85, "Home Country/Region", "Home Country", "Pays/Région (domicile)")
	add(k(KindCountry), 0.8, "Other Country/Region", "Pays/Région (autre)")
	add(k(KindLanguage), 1, "Language", "Preferred Language", "Langue", "Langue préférée")
	add(k(KindLanguage), 0.8, "Locale")
	add(k(KindBirthDate), 1, "Birthday", "Birth Date", "Birthdate", "Date of Birth", "DOB", "Date de naissance", "Anniversaire", "Naissance")
	add(k(KindCity), 1, "City", "Town", "Ville", "Localité", "Commune", "Address # City", "Default Address City")
	add(k(KindCity), 0.9, "Business City", "Ville (bureau)")
	add(k(KindCity), 0.85, "Home City", "Ville (domicile)")
	add(k(KindCity), 0.8, "Other City", "Ville (autre)")
	add(k(KindCity), 0.7, "Location", "Emplacement")
	add(k(KindState), 1, "State", "State/Region", "State/Province", "Province", "Region", "Région", "Address # Region")
	// Shopify's customer export writes the province by its code ("ON",
	// "NV"): the current one only so, the legacy one beside its name.
	add(k(KindState), 1, "Default Address Province Code")
	add(k(KindState), 0.9, "Province Code")
	add(k(KindState), 0.9, "Business State", "Dép/Région (bureau)")
	add(k(KindState), 0.85, "Home State", "Dép/Région (domicile)")
	add(k(KindState), 0.8, "Other State", "Dép/Région (autre)")
	add(k(KindCompany), 1, "Company", "Company Name", "Organization", "Organisation", "Organization Name", "Organization # Name",
		"Société", "Entreprise", "Nom de l'entreprise", "Raison sociale", "Employer", "Employeur", "Default Address Company")
	add(k(KindCompany), 0.9, "Account", "Account Name", "Compte")
	add(k(KindJobTitle), 1, "Job Title", "Jobtitle", "Organization Title", "Organization # Title", "Position", "Poste",
		"Fonction", "Titre du poste", "Intitulé du poste")
	add(k(KindJobTitle), 0.8, "Role", "Rôle", "Occupation", "Profession", "Métier")
	// Outlook's "Title" is a courtesy title (Mr., Dr.) beside its "Job
	// Title"; alone, "Title" is usually the job title. A weak alias does
	// both: a "Job Title" column wins over it. Outlook in French calls
	// both "Titre": a courtesy title is told by its values (M., Mme) or,
	// without any, by its place before the first name (see courtesy).
	add(k(KindJobTitle), 0.6, "Title", "Titre")
	for _, h := range []string{"title", "titre"} {
		a := m[h]
		a.courtesy = true
		m[h] = a
	}
	// The user a contact is assigned to, by its ID: only contactkit's own
	// export names it so. A vendor's "Contact owner" holds a person's name,
	// which is no user ID of the host.
	add(k(KindAssignee), 1, "Assignee")
	// The contact's own ID: contactkit's own export names it so, apart
	// from the "ID" and "Contact ID" of vendors (ActiveCampaign's number,
	// ignored below), which are no contactkit ID.
	add(k(KindContactID), 1, "contactkit ID")
	// Whether the contact is blocked: contactkit's own export, in English
	// and French.
	add(k(KindBlocked), 1, "Blocked", "Bloqué")
	// A tags column says how its cells list tags (see Target.Label): by
	// commas, as contactkit exports them; Google's labels; Outlook's
	// categories. Mailchimp's "TAGS" is told from "Tags" by its case
	// (see candidates).
	add(k(KindTags), 1, "Tags", "Tag", "Groups", "Étiquettes", "Groupes", "Mots clés")
	add(Target{Kind: KindTags, Label: TagsGoogle}, 1, "Labels", "Group Membership")
	add(Target{Kind: KindTags, Label: TagsOutlook}, 1, "Categories", "Catégories")
	add(k(KindTags), 0.7, "Keywords")
	add(k(KindNotes), 1, "Notes", "Note", "Comments", "Comment", "Remarks", "Remarques", "Commentaire", "Commentaires")
	add(k(KindNotes), 0.8, "Description")
	add(Target{Kind: KindConsent, Label: "email"}, 1, "Email Marketing Status", "Email Status", "Email Subscription Status",
		"Subscription Status", "Marketing Status", "Email Consent", "Consent", "Statut marketing", "Statut de l'abonnement", "Consentement")
	// Shopify's yes or no (the legacy export's "Accepts Marketing" is
	// about email), and Klaviyo's SUBSCRIBED, UNSUBSCRIBED or
	// NEVER_SUBSCRIBED (see ParseConsent).
	add(Target{Kind: KindConsent, Label: "email"}, 1, "Accepts Email Marketing", "Accepts Marketing", "Email Marketing Consent")
	add(Target{Kind: KindUnsubscribed, Label: "email"}, 1, "Unsubscribed", "Unsubscribe", "Unsubscribed from all email",
		"Opted out of email", "Email Opt Out", "Do Not Email", "Opt Out", "Désabonné", "Désinscrit", "Désinscription")
	// Mailchimp's exports of unsubscribed and cleaned (bounced) members
	// have no status column: each row says when it left (see
	// ParseConsent).
	add(Target{Kind: KindUnsubscribed, Label: "email"}, 1, "UNSUB_TIME", "CLEAN_TIME")
	add(Target{Kind: KindUnsubscribed, Label: "sms"}, 1, "SMS Opt Out", "SMS Unsubscribed", "Do Not Text", "Désabonné SMS")
	add(Target{Kind: KindUnsubscribed, Label: "whatsapp"}, 1, "WhatsApp Opt Out", "WhatsApp Unsubscribed", "Désabonné WhatsApp")
	add(Target{Kind: KindConsent, Label: "sms"}, 1, "SMS Consent", "SMS Marketing Status", "SMS Marketing Consent", "SMS Status",
		"SMS Subscription Status", "Text Message Consent", "Consentement SMS", "Statut SMS", "Accepts SMS Marketing")
	add(Target{Kind: KindConsent, Label: "whatsapp"}, 1, "WhatsApp Consent", "WhatsApp Marketing Status", "WhatsApp Marketing Consent",
		"WhatsApp Status", "WhatsApp Subscription Status", "Consentement WhatsApp", "Statut WhatsApp", "Accepts WhatsApp Marketing")
	// The consent of one numbered address, as Export writes it for the
	// secondary ones: the number is the slot of the email or phone column.
	add(Target{Kind: KindConsent, Label: "email"}, 1, "Email # Consent")
	add(Target{Kind: KindUnsubscribed, Label: "email"}, 1, "Email # Opt Out")
	add(Target{Kind: KindConsent, Label: "sms"}, 1, "Phone # SMS Consent")
	add(Target{Kind: KindConsent, Label: "whatsapp"}, 1, "Phone # WhatsApp Consent")
	add(Target{Kind: KindUnsubscribed, Label: "sms"}, 1, "Phone # SMS Opt Out")
	add(Target{Kind: KindUnsubscribed, Label: "whatsapp"}, 1, "Phone # WhatsApp Opt Out")

	// Columns of vendor exports that are known and not imported: naming
	// them keeps value detection from mapping them (a fax column holds
	// phone numbers, a creation date column holds dates).
	add(k(KindIgnore), 1,
		// names
		"Formatted Name", "Middle Name", "Additional Name", "Name Prefix", "Name Suffix", "Suffix", "Initials", "File As", "Short Name", "Maiden Name",
		"Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Yomi Name", "Given Name Yomi", "Additional Name Yomi",
		"Family Name Yomi", "Given Yomi", "Surname Yomi", "Company Yomi", "Organization # Yomi Name", "Civilité", "Deuxième prénom",
		// Google
		"Photo", "Organization Department", "Organization # Department", "Organization # Type", "Organization # Symbol",
		"Organization # Location", "Organization # Job Description", "Address # Label", "Address # Type", "Address # Formatted",
		"Address # Street", "Address # PO Box", "Address # Postal Code", "Address # Extended Address", "Website # Label",
		"Website # Type", "Website # Value", "Relation # Label", "Relation # Value", "Event # Label", "Event # Value",
		"Custom Field # Label", "Custom Field # Value", "IM # Label", "IM # Service", "IM # Value", "External ID # Label",
		"External ID # Value", "Gender", "Billing Information", "Directory Server", "Mileage", "Hobby", "Sensitivity", "Priority",
		"Subject",
		// Outlook
		"Email Type", "Email Display Name", "Email # Display Name", "Business Fax", "Home Fax", "Other Fax", "Pager", "Car Phone",
		"Radio Phone", "Callback", "Telex", "TTY/TDD Phone", "ISDN", "Assistant's Phone", "Assistant's Name", "Manager's Name",
		"Department", "Office Location", "Business Street", "Business Street #", "Business Postal Code", "Business Address PO Box",
		"Home Street", "Home Street #", "Home Postal Code", "Home Address PO Box", "Other Street", "Other Street #", "Other Postal Code",
		"Other Address PO Box", "Personal Web Page", "Web Page", "Spouse", "Children", "Schools", "Anniversary", "Referred By",
		"Government ID Number", "Organizational ID Number", "Internet Free Busy", "Private", "User #", "IMAddress",
		// Outlook in French
		"Suffixe", "Service", "Rue (bureau)", "Rue (bureau) #", "Code postal (bureau)", "Rue (domicile)", "Rue (domicile) #",
		"Code postal (domicile)", "Rue (autre)", "Rue (autre) #", "Code postal (autre)", "Téléphone de l'assistant(e)",
		"Télécopie (bureau)", "Télécopie (domicile)", "Télécopie (autre)", "Télécopie", "Rappel", "Téléphone (voiture)", "RNIS",
		"Récepteur de radiomessagerie", "Radiotéléphone", "Téléphone TDD/TTY", "Télex", "Type de courrier", "Type de messagerie",
		"Nom complet de l'adresse de courrier", "Nom complet de l'adresse de courrier #", "Nom complet de l'adresse de messagerie",
		"Nom complet de l'adresse de messagerie #", "Anniversaire de mariage ou fête", "Autre boîte postale", "B.P. professionnelle",
		"Boîte postale du domicile", "Bureau", "Code gouvernement", "Conjoint(e)", "Critère de diffusion", "Disponibilité Internet",
		"Enfants", "Informations facturation", "Initiales", "Kilométrage", "Nom de l'assistant(e)",
		"Numéro d'identification de l'organisation", "Page Web", "Passe-temps", "Priorité", "Privé", "Recommandé par",
		"Responsable", "Serveur d'annuaire", "Sexe", "Utilisateur #",
		// HubSpot
		"Record ID", "Contact owner", "Lifecycle Stage", "Lead Status", "Create Date", "Last Activity Date", "Street Address",
		"Postal Code", "Zip", "Zip Code", "Website URL", "Associated Company", "Marketing contact status", "Last Modified Date",
		// Mailchimp
		"Address", "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP", "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF",
		"DSTOFF", "TIMEZONE", "CC", "LAST_CHANGED", "LEID", "EUID", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID",
		"UNSUB_REASON", "UNSUB_REASON_OTHER", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID",
		// ActiveCampaign and others
		"Contact ID", "ID", "Date Created", "Date Updated", "IP", "IP Address", "Created", "Updated", "Created At", "Updated At",
		"Adresse", "Code postal", "Rue", "Date de création", "Fax",
		"Lists", "Listes",
		// Shopify: the customer's number in the shop (which the export
		// writes with an apostrophe before it, as a phone's digits would
		// read), the street of its addresses, current and legacy, and
		// whether it pays taxes, a yes or a no that values would read as
		// a country ("no": Norway), the country of the row's phones
		"Customer ID", "Default Address Address1", "Default Address Address2", "Default Address Zip", "Address1", "Address2",
		"Tax Exempt",
		// Klaviyo
		"Klaviyo ID", "Address #", "Email Marketing Consent Timestamp", "SMS Marketing Consent Timestamp", "Profile Created On",
		"Date Added", "First Active", "Last Active", "Last Open", "Last Click",
		// Brevo
		"EXT_ID", "ADDED_TIME", "MODIFIED_TIME")
	return m
}
