-- contactkit pgstore schema, version 13: contact.SearchText now also
-- gives, for a text holding ä, ö, ü, ø or å, the words of the text
-- transliterated as German, Danish, Norwegian and Swedish users type it
-- without those keys: ä, ö, ü and ø as ae, oe, ue and oe, å as aa
-- ("Müller": "mueller" beside "muller"), so that "mueller" finds Müller.
-- The texts are the names, alias, company, job title, city, tags and
-- emails as stored (a local part in Unicode, a domain in its xn-- form:
-- the Unicode form of a domain gets no such words). search_text holds
-- folded words ("muller"), which no longer tell the letter, so the words
-- come from the body. This migration adds them to the rows whose texts
-- hold such a letter, composed, in a run of non-spaces that is otherwise
-- printable ASCII or ß, which folds to ss ("Müller-Lüdenscheidt",
-- "Größe", "jürgen.müller@example.de"): the runs of letters and digits of
-- the run transliterated, their concatenation when there are several, and
-- that of each part an apostrophe joins (as in 0009), each word once and
-- only when the row lacks it. A row may so gain some of its new words,
-- never a word SearchText does not give.
--
-- It leaves to pgstore.RefreshSearchText, run once after Migrate, the
-- runs that hold another letter outside ASCII ("Müller-Lévêque"), a
-- letter written decomposed ("u" and U+0308), or a space other than the
-- ASCII one: the Service writes names, tags and addresses in NFC, but a
-- row written otherwise may hold them.
UPDATE contacts AS c
SET search_text = c.search_text || coalesce((
	SELECT string_agg(w, ' ') || ' '
	FROM (
		SELECT DISTINCT words.w
		FROM (
			SELECT replace(replace(replace(replace(replace(replace(run,
				'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ø', 'oe'), 'å', 'aa'), 'ß', 'ss') AS run
			FROM (
				SELECT c.body ->> f AS text
				FROM unnest(ARRAY['FirstName', 'LastName', 'Alias', 'Company', 'JobTitle', 'City', 'Email']) AS f
				UNION ALL
				SELECT e ->> 'Email'
				FROM json_array_elements(CASE WHEN json_typeof(c.body -> 'OtherEmails') = 'array' THEN c.body -> 'OtherEmails' END) AS e
				UNION ALL
				SELECT t
				FROM json_array_elements_text(CASE WHEN json_typeof(c.body -> 'Tags') = 'array' THEN c.body -> 'Tags' END) AS t
			) AS texts,
			-- Lower-cased by hand, not by lower(), whose letters outside
			-- ASCII depend on the database's locale ("C" leaves Ä as it
			-- is): a run is read only when it is ASCII but for these.
			regexp_split_to_table(translate(texts.text,
				'ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜØÅẞ', 'abcdefghijklmnopqrstuvwxyzäöüøåß'), ' +') AS run
			WHERE run ~ '[äöüøå]' AND run ~ '^[\x21-\x7eäöüøåß]+$'
		) AS runs,
		LATERAL (
			SELECT part
			FROM regexp_split_to_table(runs.run, '[^a-z0-9]+') AS part
			WHERE part <> ''
			UNION ALL
			SELECT regexp_replace(runs.run, '[^a-z0-9]+', '', 'g')
			WHERE runs.run ~ '[a-z0-9][^a-z0-9]+[a-z0-9]'
			UNION ALL
			SELECT replace(part, '''', '')
			FROM regexp_split_to_table(runs.run, '[^a-z0-9'']+') AS part
			WHERE part ~ '[a-z0-9]''+[a-z0-9]'
		) AS words(w)
	) AS words
	WHERE strpos(c.search_text, ' ' || w || ' ') = 0
), '')
WHERE c.body::text ~ '[äöüøåÄÖÜØÅ]';
