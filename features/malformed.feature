Feature: Malformed requests
  A body that is not the documented JSON gets a clear 4xx error, never a 5xx.

  Scenario: A body that is not valid JSON is rejected
    When the body '{"protected_instances": {' is sent
    Then the request is rejected with a 4xx error

  Scenario: A body sent as text/plain is rejected
    Given a batch of 1 server in the group's VPC
    When the batch is sent with Content-Type "text/plain"
    Then the batch is rejected
