Feature: Credentials and project
  Every call carries credentials for the project in its path (the page documents 401
  Unauthorized and 403 Forbidden); the gateway refuses anything else, and nothing is
  created.

  @core @BC-038 @readonly
  Scenario: A batch without a token is refused
    Given a batch of 1 server in the group's VPC
    When the batch is sent without a token
    Then the request is refused as unauthenticated

  @core @BC-038 @readonly
  Scenario: A batch with a bad token is refused
    Given a batch of 1 server in the group's VPC
    When the batch is sent with the token "not-a-valid-token"
    Then the request is refused as unauthenticated

  @core @BC-038 @readonly
  Scenario: A batch sent to another project's path is refused
    Given a batch of 1 server in the group's VPC
    When the batch is sent to another project's path
    Then the request is refused for the project

  @extended @BX-020 @readonly
  Scenario: A batch without a token is refused with HTTP 401
    Given a batch of 1 server in the group's VPC
    When the batch is sent without a token
    Then the request is refused with HTTP 401

  @extended @BX-020 @readonly
  Scenario: A batch with a bad token is refused with HTTP 401
    Given a batch of 1 server in the group's VPC
    When the batch is sent with the token "not-a-valid-token"
    Then the request is refused with HTTP 401

  @extended @BX-022
  Scenario: A batch signed with the access key is accepted
    Given a batch of 1 server in the group's VPC
    When the batch is sent signed with the access key
    Then the batch is accepted

  @extended @BX-022 @readonly
  Scenario: A batch with a wrong signature is refused with HTTP 401
    Given a batch of 1 server in the group's VPC
    When the batch is sent with a wrong signature
    Then the request is refused with HTTP 401

  @extended @BX-022 @readonly
  Scenario: A batch signed more than 15 minutes ago is refused with HTTP 401
    Given a batch of 1 server in the group's VPC
    When the batch is sent with a signature dated 20 minutes ago
    Then the request is refused with HTTP 401
