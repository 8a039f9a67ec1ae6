module github.com/contactkit/contactkit

go 1.26.0

require (
	github.com/google/uuid v1.6.0
	github.com/nyaruka/phonenumbers/v2 v2.0.7
	github.com/stretchr/testify v1.12.1
	golang.org/x/text v0.43.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
