Feature: Malformed requests
  A body that is not the documented JSON gets a clear 4xx error (400 Bad Request: "The
  server failed to process the request"), never a 5xx, and nothing is created.
  Fields the page does not document are ignored or refused, never a server error
  (openapi.yaml, decision 6).

  @core @BC-039 @BC-036 @BC-037 @readonly
  Scenario: A body that is not valid JSON is rejected with a well-formed error
    When the body '{"protected_instances": {' is sent
    Then the request is rejected with a 4xx error

  @core @BC-039 @readonly
  Scenario: A body sent as text/plain is rejected
    Given a batch of 1 server in the group's VPC
    When the batch is sent with Content-Type "text/plain"
    Then the batch is rejected

  @core @BC-039 @readonly
  Scenario: A body whose protected_instances is an array is rejected
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances" is set to [{"name_prefix": "x"}]
    When the batch is sent
    Then the batch is rejected

  @core @BC-040
  Scenario: Unknown fields never cause a server error
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances.colour" is set to "blue"
    And the field "protected_instances.servers.0.weight" is set to 3
    When the batch is sent
    Then the answer is not a server error

  @extended @BX-003 @readonly
  Scenario: A body that is not valid JSON is refused with SDRS.0201
    When the body '{"protected_instances": {' is sent
    Then the batch is rejected with HTTP 400 and code SDRS.0201

  @extended @BX-003 @readonly
  Scenario: A body whose protected_instances is an array is refused with SDRS.0201
    Given a batch of 1 server in the group's VPC
    And the field "protected_instances" is set to [{"name_prefix": "x"}]
    When the batch is sent
    Then the batch is rejected with HTTP 400 and code SDRS.0201
