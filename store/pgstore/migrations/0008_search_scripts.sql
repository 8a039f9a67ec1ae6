-- contactkit pgstore schema, version 8: search text folds more as
-- contact.Fold and contact.SearchText now do. This migration rewrites in
-- SQL the rows it can, those holding letters that now fold one to one:
--   - the half-width katakana and Hangul letters (U+FF66 to U+FFDC), as
--     their wide forms, so that "ヤマダ" finds "ﾔﾏﾀﾞ"; the half-width
--     voiced marks ﾞ and ﾟ are removed, as the marks of the wide forms
--     already were ("ﾀﾞ" as "タ", as "ダ" is stored);
--   - the Persian yeh ی and the alef maksura ى as the Arabic yeh ي, the
--     keheh ک as the kaf ك, the teh marbuta ة as the heh ه; the tatweel ـ
--     and the NKo lajanyalan ߺ are removed;
--   - the Cherokee small letters as their capitals, as Unicode's case
--     folding writes them (the second statement).
-- A row may then hold a word twice, which matches every query as
-- contact.SearchText's text does.
--
-- It cannot rewrite in SQL the rows whose words now split or join
-- otherwise, nor add the words they now have: the text of a script
-- written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao,
-- Khmer, Myanmar), which now also gives the suffixes of its words
-- ("王小明": "小明", "明"); words with a spacing combining mark (the vowel
-- signs of the scripts of India: "राम" was stored split as "र" and "म");
-- words with a modifier letter apostrophe (ʼ ʻ ʽ ʾ ʿ ʹ ʺ ˈ, now read as
-- ', which splits and joins a word as in O'Brien), or with ŉ; and a text
-- holding an invisible character (which the Service removes from names
-- and tags as they are written, but not from a text written otherwise).
-- pgstore.RefreshSearchText, run once after Migrate, sets those.
UPDATE contacts
SET search_text = translate(search_text,
	'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾠﾡﾢﾣﾤﾥﾦﾧﾨﾩﾪﾫﾬﾭﾮﾯﾰﾱﾲﾳﾴﾵﾶﾷﾸﾹﾺﾻﾼﾽﾾￂￃￄￅￆￇￊￋￌￍￎￏￒￓￔￕￖￗￚￛￜ' || 'یىکة' || 'ﾞﾟـߺ',
	'ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンㅤㄱㄲㄳㄴㄵㄶㄷㄸㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅃㅄㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ' || 'ييكه')
WHERE search_text ~ '[ｦ-ￜیىکةـߺ]';

UPDATE contacts
SET search_text = translate(search_text,
	'ꭰꭱꭲꭳꭴꭵꭶꭷꭸꭹꭺꭻꭼꭽꭾꭿꮀꮁꮂꮃꮄꮅꮆꮇꮈꮉꮊꮋꮌꮍꮎꮏꮐꮑꮒꮓꮔꮕꮖꮗꮘꮙꮚꮛꮜꮝꮞꮟꮠꮡꮢꮣꮤꮥꮦꮧꮨꮩꮪꮫꮬꮭꮮꮯꮰꮱꮲꮳꮴꮵꮶꮷꮸꮹꮺꮻꮼꮽꮾꮿᏸᏹᏺᏻᏼᏽ',
	'ᎠᎡᎢᎣᎤᎥᎦᎧᎨᎩᎪᎫᎬᎭᎮᎯᎰᎱᎲᎳᎴᎵᎶᎷᎸᎹᎺᎻᎼᎽᎾᎿᏀᏁᏂᏃᏄᏅᏆᏇᏈᏉᏊᏋᏌᏍᏎᏏᏐᏑᏒᏓᏔᏕᏖᏗᏘᏙᏚᏛᏜᏝᏞᏟᏠᏡᏢᏣᏤᏥᏦᏧᏨᏩᏪᏫᏬᏭᏮᏯᏰᏱᏲᏳᏴᏵ')
WHERE search_text ~ '[ꭰ-ꮿᏸ-ᏽ]';
