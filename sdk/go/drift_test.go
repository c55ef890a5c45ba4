package pulsehr

// The drift check: the SDK against the server's /v1/openapi.json, both ways.
//
//   - every operation under /v1 has an entry in the operation table (operations.go) with
//     the same method and path, and every entry an operation of the document;
//   - every entry names a method that exists on the client (by reflection), taking a
//     context first and one id per path parameter; every exported method of every service
//     is in the table (a ListAutoPaging/ListDeliveriesAutoPaging method belongs to its
//     list operation, and every list has one);
//   - the query parameters of an operation are exactly the `query` fields of its params
//     struct; its request body's properties exactly the `json` fields of its body struct
//     (a PATCH's nullable properties are Nullable, optional properties are never sent
//     unset); its answer's properties exactly the fields of the model, recursively, with
//     compatible types and nullable properties as pointers; Idempotency-Key is taken by
//     exactly the POST and DELETE operations.
//
// Anything that differs fails the test with the whole list.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

type doc = map[string]interface{}

func fetchOpenAPI(t *testing.T) doc {
	t.Helper()
	base := os.Getenv("PULSE_API_BASE")
	if base == "" {
		t.Skip("PULSE_API_BASE is unset: run through scripts/with-test-server")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimRight(base, "/")+"/openapi.json", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET openapi.json: %d %s", resp.StatusCode, raw)
	}
	var d doc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDriftAgainstOpenAPI(t *testing.T) {
	d := fetchOpenAPI(t)
	if problems := driftProblems(d); len(problems) > 0 {
		t.Fatalf("the SDK and %s/openapi.json disagree (%d):\n  %s",
			os.Getenv("PULSE_API_BASE"), len(problems), strings.Join(problems, "\n  "))
	}
	t.Logf("%d operations checked", len(operations))
}

// The check itself must notice drift: edit a copy of the document and look for the
// complaints.
func TestDriftCheckNoticesChanges(t *testing.T) {
	d := fetchOpenAPI(t)
	var edited doc
	raw, _ := json.Marshal(d)
	_ = json.Unmarshal(raw, &edited)
	paths := edited["paths"].(doc)
	paths["/v1/widgets"] = doc{"get": doc{"operationId": "widgets.list", "responses": doc{}}}
	delete(paths["/v1/kudos/{kudos_id}"].(doc), "get")
	paths["/v1/leave/{leave_id}/cancel"] = doc{"post": paths["/v1/leave/{leave_id}"].(doc)["delete"]}
	delete(paths["/v1/leave/{leave_id}"].(doc), "delete")
	list := paths["/v1/employees"].(doc)["get"].(doc)
	list["parameters"] = append(list["parameters"].([]interface{}), doc{"name": "team", "in": "query", "schema": doc{"type": "string"}})
	schemas := edited["components"].(doc)["schemas"].(doc)
	schemas["Employee"].(doc)["properties"].(doc)["pronouns"] = doc{"type": "string"}
	delete(schemas["Leave"].(doc)["properties"].(doc), "note")
	schemas["KudosCreate"].(doc)["properties"].(doc)["coins"] = doc{"type": "string"}
	schemas["WebhookEndpointUpdate"].(doc)["properties"].(doc)["url"] = doc{"anyOf": []interface{}{doc{"type": "string"}, doc{"type": "null"}}}
	offboard := paths["/v1/employees/{employee_id}"].(doc)["delete"].(doc)["responses"].(doc)
	offboard["202"] = doc{"content": doc{"application/json": doc{"schema": doc{"$ref": "#/components/schemas/EmployeeChange"}}}}

	problems := strings.Join(driftProblems(edited), "\n")
	for _, want := range []string{
		"widgets.list (GET /v1/widgets) has no SDK method",
		"Kudos.Retrieve (kudos.retrieve): the API has no such operation",
		"leave.cancel: the SDK sends DELETE /leave/{leave_id}, the API serves POST /leave/{leave_id}/cancel",
		`employees.list: query parameter "team" has no field in EmployeeListParams`,
		`Employee: property "pronouns" has no field`,
		`Leave: field Note ("note") is not in the schema`,
		`KudosCreate.coins: schema type string, Go type int`,
		`WebhookEndpointUpdate.url: nullable in a PATCH but *string is not Nullable`,
		"employees.offboard: answer 202 (EmployeeChange) has no *EmployeeChange field in pulsehr.Employee",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("missing complaint %q; got:\n%s", want, problems)
		}
	}
}

type specOp struct {
	id, method, path string
	op               doc
}

func driftProblems(d doc) []string {
	c := &checker{doc: d}
	spec := map[string]specOp{}
	paths, _ := d["paths"].(doc)
	for path, item := range paths {
		if !strings.HasPrefix(path, "/v1/") {
			continue // /healthz, /readyz: not part of the SDK
		}
		for _, method := range []string{"get", "post", "put", "patch", "delete"} {
			op, ok := item.(doc)[method].(doc)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			spec[id] = specOp{id, strings.ToUpper(method), strings.TrimPrefix(path, "/v1"), op}
		}
	}

	// The document → the table.
	for _, id := range sortedKeys(spec) {
		s := spec[id]
		sdk, ok := operationsByID[id]
		if !ok {
			c.addf("operation %s (%s /v1%s) has no SDK method", id, s.method, s.path)
			continue
		}
		if sdk.Method != s.method || sdk.Path != s.path {
			c.addf("%s: the SDK sends %s %s, the API serves %s %s", id, sdk.Method, sdk.Path, s.method, s.path)
		}
	}
	// The table → the document.
	for _, op := range operations {
		if _, ok := spec[op.ID]; !ok {
			c.addf("SDK method %s (%s): the API has no such operation", op.SDK, op.ID)
		}
	}

	// The table ↔ the client's methods, by reflection.
	clientType := reflect.TypeOf(Client{})
	ctxType := reflect.TypeOf((*context.Context)(nil)).Elem()
	bySDK := map[string]Operation{}
	for _, op := range operations {
		bySDK[op.SDK] = op
		service, method, _ := strings.Cut(op.SDK, ".")
		field, ok := clientType.FieldByName(service)
		if !ok {
			c.addf("%s (%s): the client has no service %s", op.SDK, op.ID, service)
			continue
		}
		m, ok := field.Type.MethodByName(method)
		if !ok {
			c.addf("%s (%s): service %s has no method %s", op.SDK, op.ID, service, method)
			continue
		}
		wantIDs := strings.Count(op.Path, "{")
		if m.Type.NumIn() < 2 || m.Type.In(1) != ctxType {
			c.addf("%s: the first argument is not a context.Context", op.SDK)
		} else {
			ids := 0
			for i := 2; i < m.Type.NumIn() && m.Type.In(i).Kind() == reflect.String; i++ {
				ids++
			}
			if ids != wantIDs {
				c.addf("%s: takes %d ids, the path %s has %d", op.SDK, ids, op.Path, wantIDs)
			}
		}
	}
	for i := 0; i < clientType.NumField(); i++ {
		field := clientType.Field(i)
		if !field.IsExported() || field.Type.Kind() != reflect.Pointer || !strings.HasSuffix(field.Type.Elem().Name(), "Service") {
			continue
		}
		for j := 0; j < field.Type.NumMethod(); j++ {
			name := field.Name + "." + field.Type.Method(j).Name
			if _, ok := bySDK[name]; ok {
				continue
			}
			if base := strings.TrimSuffix(name, "AutoPaging"); base != name {
				if op, ok := bySDK[base]; ok && isPage(op.result) {
					continue
				}
			}
			c.addf("SDK method %s has no operation in the table", name)
		}
	}
	for _, op := range operations {
		if isPage(op.result) {
			service, method, _ := strings.Cut(op.SDK, ".")
			if field, ok := clientType.FieldByName(service); ok {
				if _, ok := field.Type.MethodByName(method + "AutoPaging"); !ok {
					c.addf("%s returns pages but there is no %sAutoPaging", op.SDK, op.SDK)
				}
			}
		}
	}

	// Parameters, bodies and answers.
	for _, op := range operations {
		s, ok := spec[op.ID]
		if !ok {
			continue
		}
		c.checkParameters(op, s)
		c.checkBody(op, s)
		c.checkResult(op, s)
	}
	sort.Strings(c.problems)
	var unique []string
	for i, p := range c.problems {
		if i == 0 || p != c.problems[i-1] {
			unique = append(unique, p)
		}
	}
	return unique
}

type checker struct {
	doc      doc
	problems []string
}

func (c *checker) addf(format string, args ...interface{}) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) checkParameters(op Operation, s specOp) {
	query := map[string]doc{}
	idempotent := false
	params, _ := s.op["parameters"].([]interface{})
	for _, p := range params {
		p := c.resolve(p.(doc))
		name, _ := p["name"].(string)
		switch p["in"] {
		case "query":
			schema, _ := p["schema"].(doc)
			query[name] = schema
		case "header":
			if strings.EqualFold(name, "Idempotency-Key") {
				idempotent = true
			}
		}
	}
	sendsKey := op.Method == "POST" || op.Method == "DELETE"
	if idempotent != sendsKey {
		c.addf("%s: the API takes Idempotency-Key: %v, the SDK sends one: %v", op.ID, idempotent, sendsKey)
	}
	fields := map[string]reflect.StructField{}
	if op.query != nil {
		for i := 0; i < op.query.NumField(); i++ {
			if name := op.query.Field(i).Tag.Get("query"); name != "" {
				fields[name] = op.query.Field(i)
			}
		}
	}
	typeName := "(no params struct)"
	if op.query != nil {
		typeName = op.query.Name()
	}
	for _, name := range sortedKeys(query) {
		f, ok := fields[name]
		if !ok {
			c.addf("%s: query parameter %q has no field in %s", op.ID, name, typeName)
			continue
		}
		c.compare(op.ID+" query "+name, query[name], f.Type, modeQuery)
	}
	for _, name := range sortedKeys(fields) {
		if _, ok := query[name]; !ok {
			c.addf("%s: %s.%s (query %q) is not a parameter of the operation", op.ID, typeName, fields[name].Name, name)
		}
	}
}

func (c *checker) checkBody(op Operation, s specOp) {
	var schema doc
	if rb, ok := s.op["requestBody"].(doc); ok {
		content, _ := rb["content"].(doc)
		if mt, ok := content["application/json"].(doc); ok {
			schema, _ = mt["schema"].(doc)
		}
	}
	switch {
	case schema == nil && op.body == nil:
		return
	case schema == nil:
		c.addf("%s: the SDK sends a %s body, the API takes none", op.ID, op.body.Name())
		return
	case op.body == nil:
		c.addf("%s: the API takes a body, the SDK sends none", op.ID)
		return
	}
	mode := modeBody
	if op.Method == "PATCH" {
		mode = modePatch
	}
	c.compare(op.ID+" body", schema, op.body, mode)
}

// checkResult compares the answer with what the SDK decodes it into. An operation with
// several 2xx answers of different schemas (an update applied now, 200, or scheduled, 202)
// decodes into a result struct with one pointer field per answer's component.
func (c *checker) checkResult(op Operation, s specOp) {
	responses, _ := s.op["responses"].(doc)
	answers := map[string]doc{}
	for _, status := range sortedKeys(responses) {
		if !strings.HasPrefix(status, "2") {
			continue
		}
		r := c.resolve(responses[status].(doc))
		content, _ := r["content"].(doc)
		mt, ok := content["application/json"].(doc)
		if !ok {
			c.addf("%s: answer %s has no JSON body", op.ID, status)
			return
		}
		answers[status], _ = mt["schema"].(doc)
	}
	switch {
	case len(answers) == 0:
		c.addf("%s: no 2xx answer in the document", op.ID)
	case len(answers) == 1:
		for status, schema := range answers {
			c.compare(op.ID+" "+status, schema, op.result, modeResponse)
		}
	default:
		for _, status := range sortedKeys(answers) {
			_, _, name := c.unwrap(answers[status])
			field, ok := resultField(op.result, name)
			if !ok {
				c.addf("%s: answer %s (%s) has no *%s field in %s", op.ID, status, name, name, op.result)
				continue
			}
			c.compare(op.ID+" "+status, answers[status], field.Type, modeResponse)
		}
	}
}

// resultField is the field of a result struct that holds a pointer to the model `name`.
func resultField(t reflect.Type, name string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Name() == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

type mode int

const (
	modeResponse mode = iota
	modeBody
	modePatch
	modeQuery
)

var (
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
	dateType = reflect.TypeOf(Date(""))
)

func (c *checker) resolve(s doc) doc {
	for i := 0; i < 10; i++ {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		parts := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
		var cur interface{} = c.doc
		for _, p := range parts {
			m, _ := cur.(doc)
			cur = m[p]
		}
		next, ok := cur.(doc)
		if !ok {
			c.addf("unresolvable $ref %s", ref)
			return doc{}
		}
		s = next
	}
	return s
}

// unwrap resolves $ref and a nullable anyOf; it returns the schema, whether null is
// allowed, and the component name when there is one.
func (c *checker) unwrap(s doc) (doc, bool, string) {
	name := ""
	if ref, ok := s["$ref"].(string); ok {
		name = ref[strings.LastIndexByte(ref, '/')+1:]
	}
	s = c.resolve(s)
	nullable := false
	if anyOf, ok := s["anyOf"].([]interface{}); ok {
		var rest []doc
		for _, a := range anyOf {
			a := a.(doc)
			if a["type"] == "null" {
				nullable = true
			} else {
				rest = append(rest, a)
			}
		}
		if len(rest) == 1 {
			inner, innerNull, innerName := c.unwrap(rest[0])
			if innerName != "" {
				name = innerName
			}
			return inner, nullable || innerNull, name
		}
	}
	if s["type"] == "null" {
		nullable = true
	}
	return s, nullable, name
}

func isNullable(t reflect.Type) bool {
	return t.PkgPath() == dateType.PkgPath() && strings.HasPrefix(t.Name(), "Nullable[")
}

func isPage(t reflect.Type) bool {
	return t != nil && t.PkgPath() == dateType.PkgPath() && strings.HasPrefix(t.Name(), "Page[")
}

// jsonFields lists a struct's JSON fields, embedded structs flattened.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

func (c *checker) compare(where string, raw doc, t reflect.Type, m mode) {
	schema, nullable, name := c.unwrap(raw)
	if _, isObject := schema["properties"]; isObject && name != "" {
		where = name // messages name the component: "Employee: …"
	}
	// What the Go type holds, once pointers and Nullable are seen through.
	inner := t
	switch {
	case isNullable(t):
		inner = t.Field(0).Type
	case t.Kind() == reflect.Pointer:
		inner = t.Elem()
	}
	switch {
	case m == modeResponse && nullable && t.Kind() != reflect.Pointer && !canBeNil(t):
		c.addf("%s: nullable, but %s cannot hold null", where, t)
	case m == modePatch && nullable && !isNullable(t):
		c.addf("%s: nullable in a PATCH but %s is not Nullable (null could not clear it)", where, t)
	case m == modePatch && !nullable && isNullable(t):
		c.addf("%s: not nullable, but %s could send null", where, t)
	case m != modePatch && isNullable(t):
		c.addf("%s: Nullable outside a PATCH body", where)
	}

	typ, _ := schema["type"].(string)
	_, hasProps := schema["properties"]
	switch {
	case inner == rawType:
		if typ != "object" {
			c.addf("%s: json.RawMessage for schema type %q", where, typ)
		}
	case typ == "object" && hasProps:
		if inner.Kind() != reflect.Struct {
			c.addf("%s: schema object, Go type %s", where, inner)
			return
		}
		c.compareObject(where, schema, inner, m)
	case typ == "object":
		if inner.Kind() != reflect.Map {
			c.addf("%s: schema map, Go type %s", where, inner)
		}
	case typ == "array":
		if inner.Kind() != reflect.Slice {
			c.addf("%s: schema array, Go type %s", where, inner)
			return
		}
		items, _ := schema["items"].(doc)
		c.compare(where+"[]", items, inner.Elem(), m)
	case typ == "string":
		format, _ := schema["format"].(string)
		switch {
		case format == "date-time" && inner != timeType:
			c.addf("%s: schema date-time, Go type %s", where, inner)
		case format == "date" && inner != dateType:
			c.addf("%s: schema date, Go type %s", where, inner)
		case format != "date-time" && format != "date" && inner.Kind() != reflect.String:
			c.addf("%s: schema type string, Go type %s", where, inner)
		}
	case typ == "integer":
		switch inner.Kind() {
		case reflect.Int, reflect.Int32, reflect.Int64:
		default:
			c.addf("%s: schema type integer, Go type %s", where, inner)
		}
	case typ == "number":
		if inner.Kind() != reflect.Float64 {
			c.addf("%s: schema type number, Go type %s", where, inner)
		}
	case typ == "boolean":
		if inner.Kind() != reflect.Bool {
			c.addf("%s: schema type boolean, Go type %s", where, inner)
		}
	case typ == "" && schema["anyOf"] == nil && schema["enum"] == nil:
		// No type at all: any JSON value (a field's value before and after a change).
		if inner.Kind() != reflect.Interface && inner != rawType {
			c.addf("%s: any JSON value, but Go type %s", where, inner)
		}
	default:
		c.addf("%s: schema %v is not understood by the drift check", where, schema)
	}
}

func canBeNil(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Map, reflect.Slice, reflect.Interface:
		return true
	}
	return false
}

func (c *checker) compareObject(where string, schema doc, t reflect.Type, m mode) {
	props, _ := schema["properties"].(doc)
	required := map[string]bool{}
	if req, ok := schema["required"].([]interface{}); ok {
		for _, r := range req {
			required[r.(string)] = true
		}
	}
	fields := jsonFields(t)
	for _, name := range sortedKeys(props) {
		f, ok := fields[name]
		if !ok {
			c.addf("%s: property %q has no field in %s", where, name, t.Name())
			continue
		}
		fieldMode := m
		if isPage(t) {
			// Page decodes next_cursor null as "" itself.
			if name == "next_cursor" {
				continue
			}
		}
		if (m == modeBody || m == modePatch) && !required[name] && !omittableField(f) {
			c.addf("%s.%s: optional, but %s.%s is always sent", where, name, t.Name(), f.Name)
		}
		c.compare(where+"."+name, props[name].(doc), f.Type, fieldMode)
	}
	for _, name := range sortedKeys(fields) {
		if _, ok := props[name]; !ok {
			c.addf("%s: field %s (%q) is not in the schema", where, fields[name].Name, name)
		}
	}
}

func omittableField(f reflect.StructField) bool {
	if isNullable(f.Type) || strings.Contains(f.Tag.Get("json"), ",omitempty") {
		return true
	}
	switch f.Type.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
