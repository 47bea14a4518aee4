package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// node is an element of a part, for reading properties back.
type node struct {
	name  string // local name
	attrs map[string]string
	kids  []*node
	text  string
}

func parse(t testing.TB, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(tok)
		}
	}
	return root
}

// all are the descendants of n named name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
		out = append(out, k.all(name)...)
	}
	return out
}

// one is the first descendant named name (a zero node when none).
func (n *node) one(name string) *node {
	if a := n.all(name); len(a) > 0 {
		return a[0]
	}
	return &node{attrs: map[string]string{}}
}

// texts is the text of every w:t and a line break for w:br.
func (n *node) texts() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		switch m.name {
		case "t":
			b.WriteString(m.text)
		case "br":
			b.WriteString("\n")
		}
		for _, k := range m.kids {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

// parts reads every part of a .docx.
func parts(t testing.TB, docx []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}
