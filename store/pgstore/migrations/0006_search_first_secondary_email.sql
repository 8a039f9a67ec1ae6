-- contactkit pgstore schema, version 6: contact.SearchText now holds the
-- words of every secondary email of a contact that has no primary one; it
-- left out the first, so such a contact was not found by that address.
-- The rows of those contacts get the words SearchText gives an ASCII
-- address: its runs of letters and digits and, when there are several,
-- their concatenation ("zed.q@example.org": zed, q, example, org,
-- zedqexampleorg), after the words they hold, each once. An address with
-- other characters (a local part in another script), which SearchText
-- folds, gets its words at the contact's next write.
UPDATE contacts AS c
SET search_text = c.search_text || coalesce((
	SELECT string_agg(w, ' ' ORDER BY n) || ' '
	FROM (
		SELECT w, min(n) AS n
		FROM (
			SELECT part AS w, n
			FROM unnest(regexp_split_to_array(e.addr, '[^a-z0-9]+')) WITH ORDINALITY AS p(part, n)
			WHERE part <> ''
			UNION ALL
			SELECT string_agg(part, '' ORDER BY n), 1000000
			FROM unnest(regexp_split_to_array(e.addr, '[^a-z0-9]+')) WITH ORDINALITY AS p(part, n)
			WHERE part <> ''
			HAVING count(*) > 1
		) AS words
		WHERE strpos(c.search_text, ' ' || w || ' ') = 0
		GROUP BY w
	) AS missing
), '')
FROM (
	SELECT workspace_id, id, body -> 'OtherEmails' -> 0 ->> 'Email' AS addr
	FROM contacts
	WHERE coalesce(body ->> 'Email', '') = ''
		AND json_typeof(body -> 'OtherEmails') = 'array'
) AS e
WHERE c.workspace_id = e.workspace_id AND c.id = e.id
	AND e.addr <> '' AND octet_length(e.addr) = char_length(e.addr);
