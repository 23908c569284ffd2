#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the DOCX and ODT test documents of t0103-segment-read.sh into
the current folder: report.docx, report.odt, bomb.docx, corrupt.docx,
noword.zip. The texts are the project's own."""
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
document = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Annual report</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Sales rose by </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>nine</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>four</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> per cent. Mr. Brown was pleased.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">See page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>North</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>South</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>First item</w:t></w:r><w:r><w:tab/><w:t>with a tab</w:t></w:r></w:p>
</w:body></w:document>'''
footnotes = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:t>Figures are provisional.</w:t></w:r></w:p></w:footnote>
</w:footnotes>'''
ct = '''<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'''

with zipfile.ZipFile("report.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", ct)
    z.writestr("word/document.xml", document)
    z.writestr("word/footnotes.xml", footnotes)

content = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>Removed words.</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Rapport annuel</text:h>
<text:p>Les ventes ont augmenté.<text:s text:c="3"/>M. Dupont<text:change text:change-id="c1"/> était content.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Chiffres provisoires.</text:p></text:note-body></text:note></text:p>
<text:list><text:list-item><text:p>Premier point</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Nord</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>'''
with zipfile.ZipFile("report.odt", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    z.writestr("content.xml", content)

# A zip bomb: 300 MB of zeros behind a few hundred kilobytes.
with zipfile.ZipFile("bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", ct)
    with z.open("word/document.xml", "w") as f:
        f.write(b'<?xml version="1.0"?><w:document ' + W.encode() + b'><w:body><w:p><w:r><w:t>')
        chunk = b"\0" * (1 << 20)
        for _ in range(300):
            f.write(chunk)

# A DOCX cut in the middle, and a zip that is no document.
data = open("report.docx", "rb").read()
open("corrupt.docx", "wb").write(data[: len(data) // 2] + b"\xde\xad" * 40 + data[len(data) // 2 + 80:])
with zipfile.ZipFile("noword.zip", "w") as z:
    z.writestr("readme.txt", "nothing to see")
