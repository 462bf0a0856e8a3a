Feature: One protected instance per server
  "No protected instance has been created using the server."

  Scenario: A server that already backs a protected instance is rejected
    Given a batch of a server that is already protected
    When the batch is sent
    Then the batch is rejected
