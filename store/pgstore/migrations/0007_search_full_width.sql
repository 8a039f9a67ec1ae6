-- contactkit pgstore schema, version 7: search text folds the full-width
-- forms of ASCII letters and digits that East Asian keyboards type
-- ("ＡＤＡ", "ａｄａ１２") as the letters and digits, as contact.Fold now
-- does, so that "ada" finds "ＡＤＡ". search_text holds folded words, so
-- only the lower-case letters and the digits occur (full-width punctuation
-- separates words); the rows that hold one are rewritten. A row may then
-- hold a word twice, which matches every query as contact.SearchText's
-- text does.
UPDATE contacts
SET search_text = translate(search_text,
	'ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９',
	'abcdefghijklmnopqrstuvwxyz0123456789')
WHERE search_text ~ '[ａ-ｚ０-９]';
