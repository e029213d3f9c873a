package apptest

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/url"
)

// FormValues returns what a browser would send for form as it is: text
// inputs and textareas with their text, hidden and other inputs with their
// value, checked checkboxes and radios, and for a select its selected
// option (its first when none is). text lists the names of the text
// inputs (type text or search, or none) and textareas, where a person
// types.
func FormValues(form *Node) (vals url.Values, text []string) {
	vals = url.Values{}
	for _, in := range form.Find("input[name], textarea[name], select[name]") {
		name := in.Attr("name")
		switch in.Tag {
		case "textarea":
			text = append(text, name)
			vals.Set(name, in.Text())
		case "select":
			for i, o := range in.Find("option") {
				if i == 0 || o.HasAttr("selected") {
					vals.Set(name, o.Attr("value"))
				}
			}
		default:
			switch in.Attr("type") {
			case "", "text", "search":
				text = append(text, name)
				vals.Set(name, in.Attr("value"))
			case "checkbox", "radio":
				if in.HasAttr("checked") {
					vals.Add(name, in.Attr("value"))
				}
			case "submit", "button", "image", "file":
			default:
				vals.Add(name, in.Attr("value"))
			}
		}
	}
	return vals, text
}

// Multipart encodes fields and one file (field, named name, holding
// content) as a browser sends a form with a file; it returns the body and
// its Content-Type.
func Multipart(fields url.Values, field, name string, content []byte) (io.Reader, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				return nil, "", err
			}
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		return nil, "", err
	}
	if _, err := fw.Write(content); err != nil {
		return nil, "", err
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return &buf, mw.FormDataContentType(), nil
}
