package pulsehr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Nullable is a request field the API lets you clear with null. Its zero value is unset
// (the field is not sent); Value(v) sends v; Null[T]() sends an explicit null.
type Nullable[T any] struct {
	value T
	state nullableState
}

type nullableState uint8

const (
	nullableUnset nullableState = iota
	nullableNull
	nullableValue
)

// Value returns a Nullable holding v (sent as v).
func Value[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: nullableValue} }

// Null returns a Nullable sent as an explicit JSON null (clearing the field).
func Null[T any]() Nullable[T] { return Nullable[T]{state: nullableNull} }

// IsSet reports whether the field is sent (as a value or as null).
func (n Nullable[T]) IsSet() bool { return n.state != nullableUnset }

// IsNull reports whether the field is sent as null.
func (n Nullable[T]) IsNull() bool { return n.state == nullableNull }

// Get returns the value and whether there is one (false when unset or null).
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == nullableValue }

// MarshalJSON encodes the value, or null. (An unset Nullable is left out of the request
// altogether by the parameter structs' own MarshalJSON.)
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != nullableValue {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON decodes null as Null and anything else as Value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*n = Value(v)
	return nil
}

func (n Nullable[T]) omitted() bool { return n.state == nullableUnset }

type omittable interface{ omitted() bool }

// String returns a pointer to v, for optional fields of parameter structs.
func String(v string) *string { return &v }

// Int returns a pointer to v.
func Int(v int) *int { return &v }

// Bool returns a pointer to v.
func Bool(v bool) *bool { return &v }

// Float returns a pointer to v.
func Float(v float64) *float64 { return &v }

// Ptr returns a pointer to v, for any type (e.g. pulsehr.Ptr(pulsehr.Date("2026-01-12"))).
func Ptr[T any](v T) *T { return &v }

// Date is a calendar day, "YYYY-MM-DD" (the API's dates; "today" is the UTC day).
// A string literal converts: StartDate: "2026-01-12".
type Date string

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format("2006-01-02")) }

// Today returns the current UTC day, the API's "today".
func Today() Date { return DateOf(time.Now().UTC()) }

// Time returns midnight UTC of the day.
func (d Date) Time() (time.Time, error) { return time.Parse("2006-01-02", string(d)) }

// String returns the "YYYY-MM-DD" form.
func (d Date) String() string { return string(d) }

// marshalObject encodes a parameter struct as a JSON object, field by field in order,
// leaving out unset Nullable fields, nil pointers/slices/maps/interfaces and zero
// ",omitempty" fields. A non-nil empty slice or map is sent ([] or {}).
func marshalObject(v interface{}) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return []byte("null"), nil
		}
		rv = rv.Elem()
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || name == "" {
			continue
		}
		fv := rv.Field(i)
		if o, ok := fv.Interface().(omittable); ok && o.omitted() {
			continue
		}
		switch fv.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			if fv.IsNil() {
				continue
			}
		}
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		enc, err := json.Marshal(fv.Interface())
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		key, _ := json.Marshal(name)
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(enc)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// queryOf encodes a list/filter parameter struct from its `query:"name"` tags: zero
// values (empty strings, 0, the zero time) and nil pointers are left out.
func queryOf(params interface{}) url.Values {
	q := url.Values{}
	rv := reflect.ValueOf(params)
	if !rv.IsValid() {
		return q
	}
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return q
		}
		rv = rv.Elem()
	}
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		name := rt.Field(i).Tag.Get("query")
		if name == "" {
			continue
		}
		fv := rv.Field(i)
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		} else if fv.IsZero() {
			continue
		}
		switch x := fv.Interface().(type) {
		case time.Time:
			q.Set(name, x.Format(time.RFC3339))
			continue
		case fmt.Stringer:
			q.Set(name, x.String())
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			q.Set(name, fv.String())
		case reflect.Bool:
			q.Set(name, strconv.FormatBool(fv.Bool()))
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			q.Set(name, strconv.FormatInt(fv.Int(), 10))
		default:
			panic(fmt.Sprintf("pulsehr: query field %s of %s has unsupported type %s", name, rt, fv.Type()))
		}
	}
	return q
}

// bodyOf turns a nil parameter pointer into "no body" rather than a JSON null.
func bodyOf(params interface{}) interface{} {
	rv := reflect.ValueOf(params)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return nil
	}
	return params
}
