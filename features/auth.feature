Feature: Authentication and project
  Every call carries credentials for the project in its path; the gateway refuses
  anything else, and nothing is created.

  Scenario: A batch without a token is refused
    Given a batch of 1 server in the group's VPC
    When the batch is sent without a token
    Then the request is refused as unauthenticated

  Scenario: A batch sent to another project's path is refused
    Given a batch of 1 server in the group's VPC
    When the batch is sent to another project's path
    Then the request is refused for the project
