{{- define "gantry.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "gantry.labels" -}}
app.kubernetes.io/part-of: gantry
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "gantry.selector" -}}
app.kubernetes.io/part-of: gantry
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "gantry.secretName" -}}
{{- default (printf "%s-secrets" (include "gantry.fullname" .)) .Values.existingSecret -}}
{{- end -}}

{{/* Settings both apps read: the ConfigMap's plain values and the Secret's sealed ones. */}}
{{- define "gantry.commonEnv" -}}
- name: GANTRY_ADDRESS
  value: "0.0.0.0"
- name: GANTRY_DB_URL
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_DB_URL}}
- name: GANTRY_DB_USER
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_DB_USER}}
- name: GANTRY_DB_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "gantry.secretName" . }}, key: GANTRY_DB_PASSWORD}}
- name: GANTRY_RABBIT_HOST
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_RABBIT_HOST}}
- name: GANTRY_RABBIT_PORT
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_RABBIT_PORT}}
- name: GANTRY_RABBIT_USER
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_RABBIT_USER}}
- name: GANTRY_RABBIT_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "gantry.secretName" . }}, key: GANTRY_RABBIT_PASSWORD}}
- name: GANTRY_RABBIT_VHOST
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_RABBIT_VHOST}}
- name: GANTRY_REDIS_HOST
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_REDIS_HOST}}
- name: GANTRY_REDIS_PORT
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_REDIS_PORT}}
- name: GANTRY_REDIS_PREFIX
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_REDIS_PREFIX}}
- name: GANTRY_MESSAGING_PREFIX
  valueFrom: {configMapKeyRef: {name: {{ include "gantry.fullname" . }}-config, key: GANTRY_MESSAGING_PREFIX}}
- name: GANTRY_ENCRYPTION_KEY
  valueFrom: {secretKeyRef: {name: {{ include "gantry.secretName" . }}, key: GANTRY_ENCRYPTION_KEY}}
{{- end -}}

{{/* Readiness drains traffic while a pod stops (Spring Boot turns it REFUSING_TRAFFIC); liveness restarts a stuck JVM. */}}
{{- define "gantry.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: management}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 6
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: management}
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}
