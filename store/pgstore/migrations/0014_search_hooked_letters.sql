-- contactkit pgstore schema, version 14: search text folds more Latin
-- letters that Unicode does not decompose, as contact.Fold now does: the
-- letters with a hook or a tail of Hausa, Fula, Ewe and other languages of
-- Africa (ɓ ƈ ɗ ɖ ƒ ɠ ɦ ƙ ƥ ʠ ƭ ʋ ƴ ȥ) and the barred l and u (ƚ ʉ), so that
-- "bello" finds "Ɓello" and "kabiru" "Ƙabiru". search_text holds folded
-- words, so only the lower-case letters occur, each written as one base
-- letter; the rows that hold one are rewritten. A row may then hold a word
-- twice, which matches every query as contact.SearchText's text does.
UPDATE contacts
SET search_text = translate(search_text, 'ɓƈɗɖƒɠɦƙƥʠƭʋƴȥƚʉ', 'bcddfghkpqtvyzlu')
WHERE search_text ~ '[ɓƈɗɖƒɠɦƙƥʠƭʋƴȥƚʉ]';
