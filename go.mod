module github.com/contactkit/contactkit

go 1.26.8

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/nyaruka/phonenumbers/v2 v2.0.7 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/text v0.43.0 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)
