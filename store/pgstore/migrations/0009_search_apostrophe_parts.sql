-- contactkit pgstore schema, version 9: contact.SearchText now also gives,
-- in a run of non-spaces, the concatenation of the words of each part
-- that an apostrophe (' or ’) joins within it, when the run holds other
-- parts too: "McDonald-O'Neil" gives "oneil" beside "mcdonaldoneil", so
-- that "oneil" finds it as "obrien" finds O'Brien. This migration adds
-- those words to the rows whose names, emails or tags hold such a part
-- written in ASCII letters and digits between ASCII separators. A part
-- next to another character (a letter with an accent, as in "O'Néil", a
-- modifier letter apostrophe, or a separator outside ASCII) gets its
-- word from pgstore.RefreshSearchText, run once after Migrate.
UPDATE contacts AS c
SET search_text = c.search_text || coalesce((
	SELECT string_agg(w, ' ') || ' '
	FROM (
		SELECT DISTINCT translate(m[1], '''’', '') AS w
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
		regexp_matches(lower(texts.text),
			'(?:^|[\x01-\x26\x28-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])((?:[a-z0-9]+[''’]+)+[a-z0-9]+)(?=[\x01-\x26\x28-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]|$)',
			'g') AS m
	) AS words
	WHERE strpos(c.search_text, ' ' || w || ' ') = 0
), '')
WHERE c.body::text ~ '[''’]';
