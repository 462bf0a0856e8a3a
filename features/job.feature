Feature: The asynchronous job
  "job_id: This is a returned parameter when the asynchronous API command is issued
  successfully. For details about the task execution result, see the description in
  Querying the Job Status."

  @core @BC-002
  Scenario: A valid batch is accepted with HTTP 202 and a job id
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then the request is accepted with a job id

  @core @BC-003
  Scenario: The job of a valid batch ends SUCCESS within the target's job timeout
    Given a batch of 2 servers in the group's VPC
    When the batch is sent
    Then the request is accepted with a job id
    And the job ends with status SUCCESS

  @extended @BX-015
  Scenario: The job's sub-jobs identify the instances and DR-site servers it created
    Given a batch of 2 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And the job's sub-jobs name each instance and its DR-site server

  @extended @BX-016
  Scenario: The job's status only moves forward
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then the request is accepted with a job id
    And the job's status only moved forward, from INIT or RUNNING to SUCCESS

  @extended @BX-017
  Scenario: The instances are creating while the job runs, then available
    Given a batch of 2 servers in the group's VPC
    When the batch is sent
    Then while the job runs, its instances are "creating"
    And once the job has ended, each instance is "available"

  @extended @BX-017
  Scenario: The instances of a protected group end protected
    Given a batch of 1 server in the group's VPC
    And the protection group is in status "protected"
    When the batch is sent
    Then once the job has ended, each instance is "protected"

  @extended @BX-019
  Scenario: Deleting an instance with its DR-site server removes both
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then an instance of the batch is deleted with its DR-site server, it and the server are gone

  @extended @BX-018
  Scenario: Every answer carries a request id
    Given a batch of 1 server in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And every answer carried an X-Request-Id header

  @extended @BX-018 @readonly
  Scenario: A refusal carries a request id too
    Given a batch of 1 server in the group's VPC
    And the batch names a protection group that does not exist
    When the batch is sent
    Then the batch is rejected
    And every answer carried an X-Request-Id header
