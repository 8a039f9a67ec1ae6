-- contactkit pgstore schema, version 5: search text folds more Latin
-- letters that Unicode does not decompose, as contact.Fold now does: the
-- other stroked letters of Latin Extended-B and -C (ȼ ɇ ɉ ɍ ɏ ⱥ ⱦ) and the
-- digraphs of Serbian and Croatian in Latin script (ǆ ǉ ǌ ǳ), so that
-- "ljubica" finds "Ǉubica". search_text holds folded words, so only the
-- lower-case letters occur; the rows that hold one are rewritten.
UPDATE contacts
SET search_text = replace(replace(replace(replace(
		translate(search_text, 'ȼɇɉɍɏⱥⱦ', 'cejryat'),
		'ǆ', 'dz'), 'ǉ', 'lj'), 'ǌ', 'nj'), 'ǳ', 'dz')
WHERE search_text ~ '[ȼɇɉɍɏⱥⱦǆǉǌǳ]';
