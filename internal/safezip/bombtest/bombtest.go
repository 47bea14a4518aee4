// Package bombtest builds hostile zip archives for tests: overlapping
// entries that declare gigabytes from a few hundred kilobytes, headers that
// lie about their size, archives nested in archives and oversized XML. It is
// imported only by tests.
package bombtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
)

// Part is one stream of an archive: its name and content generator.
type Part struct {
	Name string
	Data []byte
}

// Zip writes an ordinary archive of parts, deflated.
func Zip(parts ...Part) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, _ := zw.Create(p.Name)
		w.Write(p.Data)
	}
	zw.Close()
	return buf.Bytes()
}

// Overlapping writes one deflated stream of size bytes of repeated fill
// and a central directory naming it under every name: each name declares
// size unpacked, all from the one stream (about size/1000 bytes). If
// declared is not zero, every entry declares that size instead of the
// real one (a lying header).
func Overlapping(fill []byte, size int64, declared uint32, names ...string) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	chunk := bytes.Repeat(fill, 64<<10/len(fill)+1)
	for left := size; left > 0; {
		n := min(left, int64(len(chunk)))
		w.Write(chunk[:n])
		left -= n
	}
	fw.Close()
	usize := uint32(size)
	if declared != 0 {
		usize = declared
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	local := names[0]
	hdr := make([]byte, 30)
	le.PutUint32(hdr[0:], 0x04034b50)
	le.PutUint16(hdr[4:], 20)
	le.PutUint16(hdr[8:], zip.Deflate)
	le.PutUint32(hdr[14:], crc.Sum32())
	le.PutUint32(hdr[18:], uint32(comp.Len()))
	le.PutUint32(hdr[22:], usize)
	le.PutUint16(hdr[26:], uint16(len(local)))
	out.Write(hdr)
	out.WriteString(local)
	out.Write(comp.Bytes())
	cdStart := out.Len()
	for _, name := range names {
		cd := make([]byte, 46)
		le.PutUint32(cd[0:], 0x02014b50)
		le.PutUint16(cd[4:], 20)
		le.PutUint16(cd[6:], 20)
		le.PutUint16(cd[10:], zip.Deflate)
		le.PutUint32(cd[16:], crc.Sum32())
		le.PutUint32(cd[20:], uint32(comp.Len()))
		le.PutUint32(cd[24:], usize)
		le.PutUint16(cd[28:], uint16(len(name)))
		le.PutUint32(cd[42:], 0) // every entry at the one local header
		out.Write(cd)
		out.WriteString(name)
	}
	eocd := make([]byte, 22)
	le.PutUint32(eocd[0:], 0x06054b50)
	le.PutUint16(eocd[8:], uint16(len(names)))
	le.PutUint16(eocd[10:], uint16(len(names)))
	le.PutUint32(eocd[12:], uint32(out.Len()-cdStart))
	le.PutUint32(eocd[16:], uint32(cdStart))
	out.Write(eocd)
	return out.Bytes()
}

// DocxBomb is a .docx of about 200 KB whose parts declare size bytes each
// under n names (word/document.xml first): n×size unpacked in all.
func DocxBomb(size int64, n int) []byte {
	names := []string{"word/document.xml", "word/numbering.xml", "[Content_Types].xml", "word/styles.xml"}
	for i := len(names); i < n; i++ {
		names = append(names, "word/media/image"+string(rune('a'+i%26))+string(rune('a'+i/26))+".xml")
	}
	return Overlapping([]byte("<w:t>法</w:t>"), size, 0, names[:n]...)
}

// Docx wraps a document.xml body in the smallest .docx.
func Docx(documentXML []byte) []byte {
	return Zip(Part{"[Content_Types].xml", []byte(`<?xml version="1.0"?><Types/>`)}, Part{"word/document.xml", documentXML})
}

// Paragraphs is a document.xml of n paragraphs of text.
func Paragraphs(n int, text string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>`)
	for range n {
		b.WriteString("<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>")
	}
	b.WriteString("</w:body></w:document>")
	return b.Bytes()
}

// Deep is a document.xml nesting depth elements, each holding a few bytes
// of varied text so the ratio stays low.
func Deep(depth int) []byte {
	var b bytes.Buffer
	b.WriteString(`<w:document xmlns:w="w"><w:body>`)
	x := uint32(2463534242)
	for range depth {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b.WriteString("<w:p x=\"")
		for k := range 6 {
			b.WriteByte(byte('a' + (x>>(k*5))%26))
		}
		b.WriteString("\">")
	}
	return b.Bytes()
}

// Numbered is a document.xml of n distinct paragraphs (an ordinary report's
// compression ratio, well under the cap).
func Numbered(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?><w:document xmlns:w="w"><w:body>`)
	for i := range n {
		fmt.Fprintf(&b, "<w:p><w:r><w:t>第%d项：全年办理行政复议案件%d件，纠错%d件</w:t></w:r></w:p>", i, i*7%1000, i*13%97)
	}
	b.WriteString("</w:body></w:document>")
	return b.Bytes()
}
