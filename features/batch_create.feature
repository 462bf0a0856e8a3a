Feature: Batch creating protected instances
  POST /v1/{project_id}/protected-instances/batch creates one protected instance per
  listed server. The server accepts the request with HTTP 202 and a job id; the job
  creates the instances. Each instance is named after the name prefix with a suffix
  such as "-0001"; its DR-site server has the production server's name but another id.

  Scenario: The vendor document's example request creates the protected instances
    Given the request body "example.json"
    When the batch is sent
    Then the request is accepted with a job id
    And the job ends with status SUCCESS
    And the group holds one protected instance per server, named after the prefix with a suffix
    And each DR-site server has its production server's name and a different id

  Scenario: The instances are numbered in request order
    Given a batch of 3 servers in the group's VPC
    When the batch is sent
    Then the batch is accepted
    And the instances are named "<prefix>-0001", "<prefix>-0002", ... in request order
