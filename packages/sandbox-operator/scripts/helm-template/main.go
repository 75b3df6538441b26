// helm-template renders a Helm chart the way `helm template` does, for
// checking the chart where no helm binary can be installed (Debian packages
// none, the npm registry has none). It uses the same parts as Helm's engine:
// Go's text/template, the sprig function library (Debian's
// golang-github-masterminds-sprig-dev, as Helm v3 does) and sigs.k8s.io/yaml
// for toYaml, with Helm's own additions (include, tpl, required, toYaml,
// fromYaml, toJson, fromJson, lookup), its value coalescing (user values over
// the chart's, null deletes a default), missingkey=zero with "<no value>"
// removed, and its built-in objects (.Values, .Release, .Chart,
// .Capabilities, .Files, .Template).
//
//	helm-template [-namespace NS] [-name RELEASE] [-include-crds] [-f values.yaml]... CHART_DIR
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"github.com/xeipuuv/gojsonschema"
	"sigs.k8s.io/yaml"
)

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

// chartMetadata is Chart.yaml, with Helm's field names (.Chart.AppVersion).
type chartMetadata struct {
	APIVersion  string            `json:"apiVersion"`
	Name        string            `json:"name"`
	Version     string            `json:"version"`
	AppVersion  string            `json:"appVersion"`
	Description string            `json:"description"`
	Type        string            `json:"type"`
	KubeVersion string            `json:"kubeVersion"`
	Home        string            `json:"home"`
	Sources     []string          `json:"sources"`
	Keywords    []string          `json:"keywords"`
	Annotations map[string]string `json:"annotations"`
}

// files is .Files: every chart file outside templates/.
type files map[string][]byte

func (f files) Get(name string) string      { return string(f[name]) }
func (f files) GetBytes(name string) []byte { return f[name] }

type apiVersions []string

func (a apiVersions) Has(version string) bool {
	for _, v := range a {
		if v == version {
			return true
		}
	}
	return false
}

func main() {
	namespace := flag.String("namespace", "default", "release namespace")
	name := flag.String("name", "release-name", "release name")
	includeCrds := flag.Bool("include-crds", false, "print the chart's crds/ first")
	kubeVersion := flag.String("kube-version", "v1.30.0", "Kubernetes version for .Capabilities")
	var values valueFiles
	flag.Var(&values, "f", "values file (repeatable; later files win)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: helm-template [flags] CHART_DIR")
		os.Exit(2)
	}
	out, err := render(flag.Arg(0), *namespace, *name, *kubeVersion, *includeCrds, values)
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error: %v\n", err)
		os.Exit(1)
	}
	os.Stdout.WriteString(out)
}

func render(chartDir, namespace, releaseName, kubeVersion string, includeCrds bool, valueFiles []string) (string, error) {
	var chart chartMetadata
	if err := readYaml(filepath.Join(chartDir, "Chart.yaml"), &chart); err != nil {
		return "", err
	}
	vals := map[string]interface{}{}
	if err := readYaml(filepath.Join(chartDir, "values.yaml"), &vals); err != nil {
		return "", err
	}
	for _, file := range valueFiles {
		user := map[string]interface{}{}
		if err := readYaml(file, &user); err != nil {
			return "", err
		}
		vals = coalesce(user, vals)
	}
	if err := validateValues(chartDir, chart.Name, vals); err != nil {
		return "", err
	}

	templates := map[string]string{}
	chartFiles := files{}
	var crds []string
	err := walkFollowingLinks(chartDir, "", func(rel string, data []byte) {
		switch {
		case strings.HasPrefix(rel, "templates/"):
			templates[path.Join(chart.Name, rel)] = string(data)
		case strings.HasPrefix(rel, "crds/"):
			crds = append(crds, rel)
			chartFiles[rel] = data
		default:
			chartFiles[rel] = data
		}
	})
	if err != nil {
		return "", err
	}

	major, minor := splitVersion(kubeVersion)
	top := map[string]interface{}{
		"Values": vals,
		"Chart":  chart,
		"Release": map[string]interface{}{
			"Name": releaseName, "Namespace": namespace, "Service": "Helm",
			"IsInstall": true, "IsUpgrade": false, "Revision": 1,
		},
		"Capabilities": map[string]interface{}{
			"KubeVersion": map[string]interface{}{
				"Version": kubeVersion, "GitVersion": kubeVersion, "Major": major, "Minor": minor,
			},
			"APIVersions": apiVersions{"v1", "apps/v1", "policy/v1", "networking.k8s.io/v1",
				"rbac.authorization.k8s.io/v1", "coordination.k8s.io/v1", "admissionregistration.k8s.io/v1"},
		},
		"Files": chartFiles,
	}

	root := template.New("gotpl").Option("missingkey=zero")
	root.Funcs(funcMap(root))
	names := make([]string, 0, len(templates))
	for n := range templates {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := root.New(n).Parse(templates[n]); err != nil {
			return "", fmt.Errorf("parse error in %s: %w", n, err)
		}
	}

	var out strings.Builder
	if includeCrds {
		sort.Strings(crds)
		for _, c := range crds {
			fmt.Fprintf(&out, "---\n# Source: %s/%s\n%s\n", chart.Name, c, strings.TrimSpace(string(chartFiles[c])))
		}
	}
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			continue
		}
		scope := map[string]interface{}{}
		for k, v := range top {
			scope[k] = v
		}
		scope["Template"] = map[string]interface{}{"Name": n, "BasePath": path.Join(chart.Name, "templates")}
		var buf bytes.Buffer
		if err := root.ExecuteTemplate(&buf, n, scope); err != nil {
			return "", err
		}
		content := strings.ReplaceAll(buf.String(), "<no value>", "")
		if strings.TrimSpace(content) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", n, strings.TrimSpace(content))
	}
	return out.String(), nil
}

// funcMap is sprig's text functions less env and expandenv, plus Helm's own.
func funcMap(root *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	f["toYaml"] = func(v interface{}) string {
		data, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(data), "\n")
	}
	f["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["toJson"] = func(v interface{}) string {
		data, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(data)
	}
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["required"] = func(message string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(message)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(message)
		}
		return v, nil
	}
	// There is no cluster at template time: lookup finds nothing, as in `helm template`.
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	f["include"] = func(name string, data interface{}) (string, error) {
		var buf bytes.Buffer
		err := root.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		t, err := root.Clone()
		if err != nil {
			return "", err
		}
		if t, err = t.New("tpl").Parse(text); err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return strings.ReplaceAll(buf.String(), "<no value>", ""), err
	}
	return f
}

// coalesce merges a chart's defaults under the user's values: maps merge
// key by key, any other user value wins, and a user null deletes the key.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range user {
		if v == nil {
			delete(out, k)
			continue
		}
		um, uok := v.(map[string]interface{})
		dm, dok := out[k].(map[string]interface{})
		if uok && dok {
			out[k] = coalesce(um, dm)
		} else {
			out[k] = v
		}
	}
	return out
}

// walkFollowingLinks visits every file under dir, following symbolic links
// to files and folders as Helm's chart loader does.
func walkFollowingLinks(dir, rel string, visit func(rel string, data []byte)) error {
	entries, err := os.ReadDir(filepath.Join(dir, rel))
	if err != nil {
		return err
	}
	for _, entry := range entries {
		child := path.Join(rel, entry.Name())
		info, err := os.Stat(filepath.Join(dir, child))
		if err != nil {
			return err
		}
		if info.IsDir() {
			if err := walkFollowingLinks(dir, child, visit); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, child))
		if err != nil {
			return err
		}
		visit(child, data)
	}
	return nil
}

// validateValues checks the coalesced values against the chart's
// values.schema.json, when it has one, and reports every violation.
func validateValues(chartDir, chartName string, vals map[string]interface{}) error {
	schema, err := os.ReadFile(filepath.Join(chartDir, "values.schema.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	valuesJSON, err := json.Marshal(vals)
	if err != nil {
		return err
	}
	result, err := gojsonschema.Validate(gojsonschema.NewBytesLoader(schema), gojsonschema.NewBytesLoader(valuesJSON))
	if err != nil {
		return fmt.Errorf("%s/values.schema.json: %w", chartName, err)
	}
	if result.Valid() {
		return nil
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "values don't meet the specifications of the schema(s) in the following chart(s):\n%s:\n", chartName)
	for _, e := range result.Errors() {
		fmt.Fprintf(&sb, "- %s\n", e)
	}
	return errors.New(sb.String())
}

func readYaml(file string, into interface{}) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func splitVersion(v string) (string, string) {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	for len(parts) < 2 {
		parts = append(parts, "0")
	}
	return parts[0], parts[1]
}
