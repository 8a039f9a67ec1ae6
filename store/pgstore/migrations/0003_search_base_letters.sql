-- contactkit pgstore schema, version 3: search text folds the Latin letters
-- that Unicode does not decompose (ø, ł, đ, æ, œ, þ, the dotless ı …) to
-- the base letters people type for them ("lodz" finds "Łódź"), as
-- contact.Fold now does. search_text holds folded words, so only the
-- lower-case letters occur; the rows that hold one are rewritten. A row
-- may then hold a word twice (" soren soren " for "Søren Soren"), which
-- matches every query as contact.SearchText's text does.
UPDATE contacts
SET search_text = replace(replace(replace(replace(
		translate(search_text, 'øłđðħŧŀıƀɨƶǥĸ', 'olddhtlibizgk'),
		'æ', 'ae'), 'œ', 'oe'), 'þ', 'th'), 'ĳ', 'ij')
WHERE search_text ~ '[øłđðħŧŀıƀɨƶǥĸæœþĳ]';
