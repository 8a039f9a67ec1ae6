# Generates the acceptance11 workbooks: the parts Excel, LibreOffice, Google
# Sheets and a streaming generator write (python3 gen_xlsx.py).
import zipfile, datetime
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
def esc(s): return s.replace("&","&amp;").replace("<","&lt;").replace(">","&gt;")
def serial(y,m,d, d1904=False):
    base = datetime.date(1904,1,1) if d1904 else datetime.date(1899,12,30)
    return (datetime.date(y,m,d)-base).days
def col(i):
    s=""; i+=1
    while i: i,r=divmod(i-1,26); s=chr(65+r)+s
    return s
def book(name, rows, numfmts, xfs, date1904=False, shared=True, with_r=True, app="Microsoft Excel", absolute=False):
    # rows: list of (rownum or None, [cell]) ; cell = None | ("s", text) | ("n", value, style) | ("is", text) | ("empty", style)
    strings=[]; idx={}
    def sidx(t):
        if t not in idx: idx[t]=len(strings); strings.append(t)
        return idx[t]
    sd=""
    for rn,cells in rows:
        attrs = ' r="%d"'%rn if (with_r and rn) else ''
        sd += '<row%s>'%attrs
        for ci,c in enumerate(cells):
            if c is None: continue
            ref = ' r="%s%d"'%(col(ci),rn) if (with_r and rn) else ''
            if c[0]=="s":
                if shared: sd += '<c%s t="s"><v>%d</v></c>'%(ref,sidx(c[1]))
                else: sd += '<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'%(ref,esc(c[1]))
            elif c[0]=="is":
                sd += '<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'%(ref,esc(c[1]))
            elif c[0]=="n":
                st = ' s="%d"'%c[2] if len(c)>2 and c[2] else ''
                sd += '<c%s%s><v>%s</v></c>'%(ref,st,c[1])
            elif c[0]=="empty":
                sd += '<c%s s="%d"/>'%(ref,c[1])
        sd += '</row>'
    sheet = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>%s</sheetData></worksheet>'%(NS,sd)
    sst = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst %s count="%d" uniqueCount="%d">'%(NS,len(strings),len(strings)) + ''.join('<si><t xml:space="preserve">%s</t></si>'%esc(s) for s in strings) + '</sst>'
    nf = ''.join('<numFmt numFmtId="%d" formatCode="%s"/>'%(i,esc(c).replace('"','&quot;')) for i,c in numfmts)
    styles = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet %s><numFmts count="%d">%s</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="%d">%s</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'%(NS,len(numfmts),nf,len(xfs),''.join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'%x for x in xfs))
    wbpr = '<workbookPr date1904="true"/>' if date1904 else '<workbookPr/>'
    wb = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s>%s<sheets><sheet name="Contacts" sheetId="1" r:id="rId1"/></sheets></workbook>'%(NS,wbpr)
    pre = "/xl/" if absolute else ""
    wbrels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%sworksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="%sstyles.xml"/>%s</Relationships>'%(pre,pre,'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="%ssharedStrings.xml"/>'%pre if shared else '')
    rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ct = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    with zipfile.ZipFile(name,"w",zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct); z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", wb); z.writestr("xl/_rels/workbook.xml.rels", wbrels)
        z.writestr("xl/worksheets/sheet1.xml", sheet); z.writestr("xl/styles.xml", styles)
        if shared: z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("docProps/app.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>%s</Application></Properties>'%app)
S=lambda t:("s",t)
# Excel 365: shared strings, built-in date format 14, a custom phone format
# on numbers, an empty formatted row, a row of blanks at the end.
book("excel.xlsx", [
 (1,[S("First Name"),S("Last Name"),S("E-mail Address"),S("Mobile Phone"),S("Business Phone"),S("Birthday"),S("Company"),S("Notes")]),
 (2,[S("Amélie"),S("Poulain"),S("amelie.poulain@example.fr"),("n","33611111111",2),("n","142685300",2),("n",serial(1973,9,4),1),S("Les Deux Moulins"),S("Serveuse\nAime les ricochets")]),
 (3,[S("Nino"),S("Quincampoix"),S("nino@example.fr"),("n","612345679",2),None,("n",serial(1970,2,14),1),S("Sex Shop Palace"),None]),
 (4,[("empty",1),("empty",2)]),
 (5,[S("Raymond"),S("Dufayel"),S("raymond.dufayel@example.fr"),S("+33 6 12 34 56 80"),None,None,None,S("L'homme de verre")]),
 (7,[None,None,None,None,None,None,None,None]),
], [(164,'0#" "##" "##" "##" "##')], [0,14,164])
# LibreOffice Calc, 1904 date system (a workbook begun on a Mac), French
# headers, a custom DD/MM/YYYY format, phones stored as numbers.
book("libreoffice.xlsx", [
 (1,[S("Prénom"),S("Nom"),S("Courriel"),S("Portable"),S("Date de naissance"),S("Société"),S("Étiquettes")]),
 (2,[S("Gaëlle"),S("Le Goff"),S("gaelle.legoff@example.bzh"),("n","33698700001"),("n",serial(1988,11,5,True),1),S("Crêperie Ty Breizh"),S("clients, bretagne")]),
 (3,[S("Yannick"),S("Kerouac"),S("yannick.k@example.fr"),("n","698765433"),("n",serial(1959,6,1,True),1),None,S("fournisseurs")]),
], [(164,'DD/MM/YYYY')], [0,164], date1904=True, app="LibreOffice/7.6.4.1$Linux_X86_64 LibreOffice_project/e19e193f88cd6c0525a17fb7a176ed8e6a3e2aa1")
# Google Sheets: numbers in Java notation (6.12345678E8), a date format
# yyyy-mm-dd, absolute relationship targets.
book("gsheets.xlsx", [
 (1,[S("Name"),S("Email"),S("Phone"),S("Birthday"),S("Tags")]),
 (2,[S("Ngozi Adichie"),S("ngozi@example.ng"),S("+234 803 123 4567"),("n",serial(1977,9,15),1),S("authors")]),
 (3,[S("Pierre Durand"),S("pierre.durand@example.fr"),("n","6.12345681E8"),("n",serial(1991,1,31),1),S("clients")]),
 (4,[S("Sam Taylor"),S("sam.taylor@example.fr"),("n","3.3612345682E10"),None,None]),
], [(164,'yyyy-mm-dd')], [0,164], app="Google Sheets", absolute=True)
# A streaming generator: inline strings, no "r" on rows or cells.
book("inline.xlsx", [
 (1,[S("First Name"),S("Last Name"),S("Email"),S("Phone"),S("Date of Birth")]),
 (2,[S("Małgorzata"),S("Wiśniewska"),S("gosia@example.pl"),S("+48 512 345 678"),("n",serial(1985,3,8),1)]),
 (3,[S("Thabo"),S("Nkosi"),S("thabo@example.co.za"),("n","27821234567"),None]),
], [], [0,14], shared=False, with_r=False, app="xlsx-writer")
